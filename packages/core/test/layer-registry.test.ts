import { afterEach, describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import { type ChannelHandler, type LayerHandler, layerHandlerFor, registerLayer, unregisterLayer } from '@tfjs-prune/core';

import { channelHandlerFor } from '../src/channel-graph/channel-handlers.js';
import { prunableLayerClasses, prunableLayerSpec } from '../src/layers/prunable-layer-registry.js';
import { describeUnitLayers } from '../src/layers/unit-layers.js';

const identity: ChannelHandler = { kind: 'channelwise', trace: (call) => [call.inputs[0] ?? []] };
const BUILTIN_UNITS = 'Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (pointwise_kernel)';
const BUILTIN_PRUNABLE = ['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D', 'Embedding', 'LSTM', 'GRU', 'SimpleRNN'];

const touched = new Set<string>();
afterEach(() => {
  for (const className of touched) {
    try {
      unregisterLayer(className);
    } catch {
      // Nothing registered under it (the test's registration was refused).
    }
  }
  touched.clear();
});

function register(className: string, handler: LayerHandler, options?: { override?: boolean }) {
  touched.add(className);
  registerLayer(className, handler, options);
}

/** Thrown error's code and message, for table rows. */
function failure(call: () => void): [string, string] {
  try {
    call();
  } catch (error) {
    return [(error as { code: string }).code, (error as Error).message];
  }
  throw new Error('did not throw');
}

describe('registerLayer: one handler per layer class, one override policy', () => {
  it('every built-in class with prunable weights also knows how its channels flow', () => {
    for (const className of prunableLayerClasses()) expect([className, channelHandlerFor(className)?.kind]).toEqual([className, expect.any(String)]);
  });

  it('fills both halves at once: prunable weights with their units, and channel flow', () => {
    register('Mine', { weights: [{ name: 'kernel', unitAxis: -1 }], bias: 'offset', channels: identity });
    expect(prunableLayerSpec('Mine')).toEqual({ weights: [{ name: 'kernel', unitAxis: -1 }], bias: 'offset' });
    expect(channelHandlerFor('Mine')).toBe(identity);
    expect(prunableLayerClasses().at(-1)).toBe('Mine');
    expect(describeUnitLayers()).toBe(`${BUILTIN_UNITS}, Mine`);
  });

  it('a class with only channels is traced but not prunable', () => {
    register('Doubler', { channels: identity });
    expect(channelHandlerFor('Doubler')).toBe(identity);
    expect(prunableLayerSpec('Doubler')).toBeUndefined();
    expect(prunableLayerClasses()).toEqual(BUILTIN_PRUNABLE);
  });

  it('refuses to replace a handler without { override: true }, built-in or registered', () => {
    register('Mine', { channels: identity });
    const cases: [() => void, string, string][] = [
      [
        () => register('Dense', { channels: identity }),
        'BUILTIN_LAYER_CLASS',
        'registerLayer("Dense"): "Dense" is a built-in layer class; pass { override: true } to replace its handler, or register your layer under its own class name',
      ],
      [
        () => register('Mine', { weights: [{ name: 'kernel' }] }),
        'LAYER_CLASS_REGISTERED',
        'registerLayer("Mine"): "Mine" is already registered; pass { override: true } to replace its handler, or call unregisterLayer("Mine") first',
      ],
      [() => unregisterLayer('Dense'), 'BUILTIN_LAYER_CLASS', 'unregisterLayer: "Dense" is a built-in layer class and has no registration to remove'],
      [() => unregisterLayer('Other'), 'LAYER_CLASS_UNKNOWN', 'unregisterLayer: "Other" was never registered'],
    ];
    for (const [call, code, message] of cases) expect(failure(call)).toEqual([code, message]);
    expect(channelHandlerFor('Mine')).toBe(identity);
    expect(prunableLayerSpec('Mine')).toBeUndefined();
  });

  it('{ override: true } replaces a built-in whole; unregistering brings the built-in back', () => {
    const dense = layerHandlerFor('Dense');
    register('Dense', { weights: [{ name: 'kernel' }] }, { override: true });
    expect(prunableLayerSpec('Dense')).toEqual({ weights: [{ name: 'kernel' }] });
    expect(channelHandlerFor('Dense')).toBeUndefined();
    expect(describeUnitLayers()).toBe('Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (pointwise_kernel)');
    // Still listed in its table place: an override changes what the class does, not its name.
    expect(prunableLayerClasses()).toEqual(BUILTIN_PRUNABLE);
    unregisterLayer('Dense');
    expect(layerHandlerFor('Dense')).toBe(dense);
    expect(describeUnitLayers()).toBe(BUILTIN_UNITS);
  });

  it('changes one part of a handler by spreading the current one: a built-in gets prunable weights and keeps its channel flow and MACs', () => {
    const bn = layerHandlerFor('BatchNormalization')!;
    register('BatchNormalization', { ...bn, weights: [{ name: 'gamma' }] }, { override: true });
    expect(layerHandlerFor('BatchNormalization')).toEqual({ weights: [{ name: 'gamma' }], channels: bn.channels, macs: bn.macs });
  });

  const BAD: [string, unknown, string][] = [
    ['an empty handler', {}, 'registerLayer("Mine"): the handler needs "weights" (what pruning masks), "channels" (how channels flow through the layer), "macs" (what it costs) or several'],
    ['null', null, 'registerLayer("Mine"): the handler must be an object { weights?, bias?, channels?, macs? } (got null)'],
    ['an unknown key', { channels: identity, trace: identity.trace }, 'registerLayer("Mine"): unknown key "trace" (expected "weights", "bias", "channels" and "macs")'],
    ['a bias without weights', { bias: 'b', channels: identity }, 'registerLayer("Mine"): "bias" needs "weights": it names the bias masked with their units'],
    ['a bad unit axis', { weights: [{ name: 'kernel', unitAxis: 1 }] }, 'registerLayer("Mine"): weights[0].unitAxis must be -1 or -2 (got 1)'],
    ['a bad kind', { channels: { kind: 'mixer', trace: identity.trace } }, 'registerLayer("Mine"): channels.kind must be "producer" or "channelwise" (got "mixer")'],
    ['no trace', { channels: { kind: 'producer' } }, 'registerLayer("Mine"): channels.trace must be a function (got undefined)'],
    [
      'a BN fold without a kernel name',
      { channels: { ...identity, batchNormFold: { outputChannelOf: () => () => 0 } } },
      'registerLayer("Mine"): channels.batchNormFold must be { kernel: string, outputChannelOf: function } when given (got an object)',
    ],
    ['macs that are no function', { macs: 4 }, 'registerLayer("Mine"): "macs" must be a function when given (got 4)'],
    ['a resize that is no function', { channels: { ...identity, resize: 3 } }, 'registerLayer("Mine"): channels.resize must be a function when given (got 3)'],
  ];

  it.each(BAD)('rejects %s, naming the class, and registers nothing', (_what, handler, message) => {
    expect(failure(() => register('Mine', handler as LayerHandler))).toEqual(['INVALID_LAYER_SPEC', message]);
    expect(layerHandlerFor('Mine')).toBeUndefined();
  });
});
