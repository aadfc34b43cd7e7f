import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import {
  findPrunableWeights,
  type LayerHandler,
  layerHandlerFor,
  MaskStore,
  registerLayer,
  sparsityReport,
  structuredTargets,
  unregisterLayer,
  updateMasks,
} from '@tfjs-prune/core';
import { customLayerClasses } from '../src/layers/layer-registry.js';
import { prunableLayerClasses } from '../src/layers/prunable-layer-registry.js';
import { describeUnitLayers } from '../src/layers/unit-layers.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { structured } from '../src/granularity/structured.js';
import { targetsForGranularity } from '../src/granularity/granularity-targets.js';

/** A user's own layer: y = x·kernel + bias, with a non-prunable `scale` weight beside. */
class ScaledDense extends tfl.layers.Layer {
  static className = 'ScaledDense';
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(private readonly units: number, name: string) {
    super({ name, inputShape: [2] });
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    this.kernel = this.addWeight('kernel', [shape[shape.length - 1] as number, this.units], 'float32', tfl.initializers.ones());
    this.bias = this.addWeight('bias', [this.units], 'float32', tfl.initializers.ones());
    this.addWeight('scale', [1], 'float32', tfl.initializers.ones());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.add(tf.matMul(x, this.kernel!.read()), this.bias!.read());
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0] ?? null, this.units];
  }
}

function customModel(): tfl.Sequential {
  const model = tfl.sequential({ layers: [new ScaledDense(3, 'mine'), tfl.layers.dense({ units: 2, name: 'head' })] });
  const kernel = tf.tensor2d([[0.1, 0.9, 0.5], [0.2, 0.8, 0.4]]);
  const ones = [tf.ones([3]), tf.ones([1])];
  model.layers[0]!.setWeights([kernel, ...ones]);
  tf.dispose(ones);
  // Zeros in the head: a channel group's norm is then the custom layer's column and bias entry.
  const zeros = [tf.zeros([3, 2]), tf.zeros([2])];
  model.layers[1]!.setWeights(zeros);
  tf.dispose([kernel, ...zeros]);
  return model;
}

const BUILTIN_PRUNABLE = ['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D', 'Embedding', 'LSTM', 'GRU', 'SimpleRNN'];

afterEach(() => {
  for (const className of customLayerClasses()) unregisterLayer(className);
});

describe('the prunable-layer registry', () => {
  it('lists the built-in classes, the one statement of what is prunable', () => {
    expect(prunableLayerClasses()).toEqual(BUILTIN_PRUNABLE);
    expect(describeUnitLayers()).toBe('Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (pointwise_kernel)');
  });

  it('a registered custom layer is found, with its unit axis; "structured" prunes its channels once it says how they flow', () => {
    const model = customModel();
    expect(findPrunableWeights(model).map((w) => w.path)).toEqual(['head']);
    registerLayer('ScaledDense', { weights: [{ name: 'kernel', unitAxis: -1 }] });
    expect(prunableLayerClasses().at(-1)).toBe('ScaledDense');
    const [mine] = findPrunableWeights(model, { classes: ['ScaledDense'] });
    expect(mine).toMatchObject({ path: 'mine', layerClass: 'ScaledDense', weight: 'kernel', shape: [2, 3], units: { axis: -1 } });
    expect(describeUnitLayers()).toMatch(/, ScaledDense$/);
    // Without a channel handler the graph cannot follow its channels: left alone, and said why.
    expect(structuredTargets(model, [mine!]).untouched.map((u) => u.layer)).toEqual(['mine']);
    registerLayer('ScaledDense', { weights: [{ name: 'kernel', unitAxis: -1 }], channels: layerHandlerFor('Dense')!.channels }, { override: true });
    const channels = structuredTargets(model, findPrunableWeights(model, { classes: ['ScaledDense'] }));
    const store = new MaskStore(channels.weights);
    // Group l1 norms .3 + 1, 1.7 + 1, .9 + 1: channel 0 goes, with its bias entry and the head's row 0.
    updateMasks(store, channels, { criterion: magnitude, scope: 'layer', sparsity: 1 / 3, granularity: structured() });
    const kernelOf = (path: string) => channels.weights.find((w) => w.path === path && w.weight === 'kernel')!;
    expect([...store.keepMask(kernelOf('mine'))!]).toEqual([0, 1, 1, 0, 1, 1]);
    expect([...store.keepMask(kernelOf('head'))!]).toEqual([0, 0, 1, 1, 1, 1]);
    expect([...(model.layers[0]!.getWeights()[1]!.dataSync())]).toEqual([0, 1, 1]);
    expect(sparsityReport(model).weights.filter((w) => w.prunable).map((w) => `${w.path}/${w.weight}`)).toEqual(['mine/kernel', 'head/kernel']);
    store.dispose();
    model.dispose();
  });

  it('a weight without unitAxis is skipped by "structured" beside one with it, and refused alone', () => {
    registerLayer('ScaledDense', { weights: [{ name: 'kernel' }] });
    const model = customModel();
    const all = findPrunableWeights(model);
    const split = targetsForGranularity(structured(), all);
    expect(split.targets.map((t) => t.path)).toEqual(['head']);
    expect(split.refused).toEqual([{ path: 'mine', layerClass: 'ScaledDense' }]);
    const separable = tfl.sequential({ layers: [tfl.layers.separableConv2d({ filters: 2, kernelSize: 1, inputShape: [2, 2, 1], name: 'sep' })] });
    const sep = targetsForGranularity(structured(), findPrunableWeights(separable));
    expect([sep.targets.map((t) => t.weight), sep.skipped.map((t) => t.weight), sep.refused]).toEqual([['pointwise_kernel'], ['depthwise_kernel'], []]);
    model.dispose();
    separable.dispose();
  });

  it('a spec naming a weight the layer lacks is an error naming the layer, not a silent dense model', () => {
    registerLayer('ScaledDense', { weights: [{ name: 'kernal', unitAxis: -1 }] });
    const model = customModel();
    expect(() => findPrunableWeights(model)).toThrow(
      'layer "mine" (ScaledDense) has no weight named "kernal", which its prunable-layer spec lists; its weights are "kernel", "bias", "scale"',
    );
    model.dispose();
  });

  /** The prunable half's own checks (the handler-wide ones are in layer-registry.test.ts). */
  const BAD: [string, unknown, string][] = [
    ['', { weights: [{ name: 'kernel' }] }, 'registerLayer: the class name must be a non-empty string (got "")'],
    ['Mine', { weights: [] }, 'registerLayer("Mine"): "weights" must be a non-empty array of { name, unitAxis? } (got an array)'],
    ['Mine', { weights: [{ name: 'kernel', unitAxis: 0 }] }, 'registerLayer("Mine"): weights[0].unitAxis must be -1 or -2 (got 0)'],
    ['Mine', { weights: [{ name: 'k' }, { name: 'k' }] }, 'registerLayer("Mine"): weights[1].name "k" is listed twice'],
    ['Mine', { weights: [{ name: 'mine/kernel' }] }, 'registerLayer("Mine"): weights[0].name must be the weight\'s short name within the layer, without "/" (got "mine/kernel")'],
    ['Mine', { weights: [{ name: 'bias' }] }, 'registerLayer("Mine"): weights[0].name "bias" is the bias: biases are masked with their units, never pruned on their own'],
    ['Mine', { weights: [{ name: 'kernel', axis: -1 }] }, 'registerLayer("Mine"): weights[0] has unknown key "axis" (expected "name" and optionally "unitAxis")'],
  ];

  it.each(BAD)('rejects %j with %j', (className, handler, message) => {
    const register = () => registerLayer(className, handler as LayerHandler);
    expect(register).toThrow(message);
    expect(register).toThrow(expect.objectContaining({ code: 'INVALID_LAYER_SPEC', name: 'LayerRegistryError' }));
    expect(prunableLayerClasses()).toEqual(BUILTIN_PRUNABLE);
  });
});
