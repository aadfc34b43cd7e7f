import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import type * as tf from '@tensorflow/tfjs-core';
import '../support/cpu-backend.js';
import { type ChannelGroup, channelGraph, type ChannelHandler, registerLayer } from '@tfjs-prune/core';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

/** A group's slices as compact strings, e.g. `h1/kernel@1:[0] out`, for exact comparisons. */
function slices(group: ChannelGroup | undefined): string[] {
  return (group?.members ?? []).map((m) => `${m.layer}/${m.weight}@${m.axis}:[${m.indices.join(',')}] ${m.role}${m.masked ? '' : ' unmasked'}`).sort();
}

function mlp(): tfl.Sequential {
  return tfl.sequential({
    layers: [L.dense({ units: 3, inputShape: [2], name: 'h1' }), L.dense({ units: 2, name: 'h2' }), L.dense({ units: 2, name: 'logits' })],
  });
}

describe('channelGraph', () => {
  it('couples a Dense unit with its bias and the next layer\'s input row; inputs and outputs are skipped', () => {
    const graph = channelGraph(mlp());
    expect(graph.families.map((f) => [f.name, f.groups.length])).toEqual([
      ['h1', 3],
      ['h2', 2],
    ]);
    expect(slices(graph.families[0]!.groups[1])).toEqual(['h1/bias@0:[1] out', 'h1/kernel@1:[1] out', 'h2/kernel@0:[1] in']);
    expect(graph.groups[1]!.id).toBe('h1#1');
    expect(graph.skipped).toEqual([
      { family: 'input "h1_input"', channels: 2, reasons: ['tied to the model input "h1_input"'] },
      { family: 'logits', channels: 2, reasons: ['tied to the model output "logits"'] },
    ]);
  });

  it('takes BN γ, β (masked) and moving statistics (unmasked) along with the conv filter', () => {
    const x = tfl.input({ shape: [4, 4, 2], name: 'x' });
    const y = apply(L.conv2d({ filters: 2, kernelSize: 1, name: 'c2' }), apply(L.batchNormalization({ name: 'bn' }), apply(L.conv2d({ filters: 3, kernelSize: 3, name: 'c1' }), x)));
    const graph = channelGraph(tfl.model({ inputs: x, outputs: y }));
    expect(slices(graph.groups[2])).toEqual([
      'bn/beta@0:[2] param',
      'bn/gamma@0:[2] param',
      'bn/moving_mean@0:[2] param unmasked',
      'bn/moving_variance@0:[2] param unmasked',
      'c1/bias@0:[2] out',
      'c1/kernel@3:[2] out',
      'c2/kernel@2:[2] in',
    ]);
  });

  it('maps channel c through Flatten to rows p·C + c of the next Dense', () => {
    const x = tfl.input({ shape: [3, 3, 1], name: 'x' });
    const y = apply(L.dense({ units: 2, name: 'fc' }), apply(L.flatten({ name: 'flat' }), apply(L.conv2d({ filters: 3, kernelSize: 2, name: 'c' }), x)));
    const graph = channelGraph(tfl.model({ inputs: x, outputs: y }));
    // 2×2 positions × 3 channels: channel 1 sits at 1, 4, 7, 10.
    expect(slices(graph.groups[1])).toEqual(['c/bias@0:[1] out', 'c/kernel@3:[1] out', 'fc/kernel@0:[1,4,7,10] in']);
    expect(graph.groups[1]!.uses).toEqual([{ layer: 'fc', tensor: expect.any(String), positions: [1, 4, 7, 10] }]);
  });

  it('offsets Concatenate inputs along the channel axis and keeps their families apart', () => {
    const x = tfl.input({ shape: [4, 4, 1], name: 'x' });
    const a = apply(L.conv2d({ filters: 2, kernelSize: 1, name: 'a' }), x);
    const b = apply(L.conv2d({ filters: 3, kernelSize: 1, name: 'b' }), x);
    const y = apply(L.conv2d({ filters: 1, kernelSize: 1, name: 'c' }), apply(L.concatenate({ name: 'cat' }), [a, b]));
    const graph = channelGraph(tfl.model({ inputs: x, outputs: y }));
    expect(graph.families.map((f) => f.name)).toEqual(['a', 'b']);
    expect(slices(graph.families[1]!.groups[0])).toEqual(['b/bias@0:[0] out', 'b/kernel@3:[0] out', 'c/kernel@2:[2] in']);
  });

  it('unites the inputs of Add into one family; an identity shortcut from the input skips them all', () => {
    const x = tfl.input({ shape: [4, 4, 2], name: 'x' });
    const stem = apply(L.conv2d({ filters: 2, kernelSize: 1, name: 'stem' }), x);
    const branch = apply(L.conv2d({ filters: 2, kernelSize: 1, name: 'branch' }), stem);
    const y = apply(L.conv2d({ filters: 1, kernelSize: 1, name: 'out' }), apply(L.add({ name: 'add' }), [stem, branch]));
    const graph = channelGraph(tfl.model({ inputs: x, outputs: y }));
    expect(graph.families.map((f) => [f.name, f.groups.length])).toEqual([['stem+branch', 2]]);
    expect(slices(graph.groups[0])).toEqual([
      'branch/bias@0:[0] out',
      'branch/kernel@2:[0] in',
      'branch/kernel@3:[0] out',
      'out/kernel@2:[0] in',
      'stem/bias@0:[0] out',
      'stem/kernel@3:[0] out',
    ]);

    const shortcut = apply(L.add({ name: 'add2' }), [x, apply(L.conv2d({ filters: 2, kernelSize: 1, name: 'res' }), x)]);
    const skipped = channelGraph(tfl.model({ inputs: x, outputs: apply(L.dense({ units: 1, name: 'o' }), shortcut) }));
    expect(skipped.families).toEqual([]);
    expect(skipped.skipped).toContainEqual({ family: 'input "x"+res', channels: 2, reasons: ['tied to the model input "x"'] });
  });

  it('gives an LSTM unit every gate column, both axes of the recurrent kernel and every gate bias', () => {
    const model = tfl.sequential({
      layers: [L.lstm({ units: 2, inputShape: [3, 4], recurrentInitializer: 'glorotUniform', name: 'lstm' }), L.dense({ units: 1, name: 'o' })],
    });
    expect(slices(channelGraph(model).groups[1])).toEqual([
      'lstm/bias@0:[1,3,5,7] out',
      'lstm/kernel@1:[1,3,5,7] out',
      'lstm/recurrent_kernel@0:[1] out',
      'lstm/recurrent_kernel@1:[1,3,5,7] out',
      'o/kernel@0:[1] in',
    ]);
  });

  it('walks nested models and couples a shared layer\'s calls', () => {
    const inner = tfl.sequential({ name: 'inner', layers: [L.dense({ units: 3, inputShape: [4], name: 'in1' })] });
    const x = tfl.input({ shape: [2], name: 'x' });
    const y = apply(L.dense({ units: 1, name: 'o' }), apply(inner, apply(L.dense({ units: 4, name: 'pre' }), x)));
    const graph = channelGraph(tfl.model({ inputs: x, outputs: y }));
    expect(graph.families.map((f) => f.name)).toEqual(['pre', 'inner/in1']);
    expect(slices(graph.groups[0])).toEqual(['inner/in1/kernel@0:[0] in', 'pre/bias@0:[0] out', 'pre/kernel@1:[0] out']);

    const shared = L.dense({ units: 2, name: 'shared' });
    const z = tfl.input({ shape: [3], name: 'z' });
    const a = apply(L.dense({ units: 3, name: 'a' }), z);
    const b = apply(L.dense({ units: 3, name: 'b' }), z);
    const out = apply(L.dense({ units: 1, name: 'out' }), apply(L.add({ name: 'sum' }), [apply(shared, a), apply(shared, b)]));
    const twice = channelGraph(tfl.model({ inputs: z, outputs: out }));
    expect(twice.families.map((f) => [f.name, f.groups.length])).toEqual([['a+b', 3], ['shared', 2]]);
  });

  it('refuses what it cannot narrow safely, naming the layer and the reason, without throwing', () => {
    const x = tfl.input({ shape: [4, 4, 2], name: 'x' });
    const dw = apply(L.depthwiseConv2d({ kernelSize: 1, depthMultiplier: 2, name: 'dw' }), apply(L.conv2d({ filters: 2, kernelSize: 1, name: 'c1' }), x));
    const ln = apply(L.layerNormalization({ name: 'ln' }), apply(L.dense({ units: 3, name: 'd1' }), dw));
    const y = apply(L.dense({ units: 1, name: 'o' }), ln);
    const graph = channelGraph(tfl.model({ inputs: x, outputs: y }));
    expect(graph.families).toEqual([]);
    expect(graph.skipped.find((s) => s.family === 'c1')).toEqual({
      family: 'c1',
      channels: 2,
      reasons: ['DepthwiseConv2D "dw" has depthMultiplier 2; only 1 keeps one output channel per input channel'],
    });
    expect(graph.skipped.find((s) => s.family === 'd1')?.reasons).toEqual(['LayerNormalization "ln" normalizes over all channels, so removing a channel would change the others']);
  });

  it('keeps a hidden softmax layer\'s units but still prunes the channels it reads', () => {
    const model = tfl.sequential({
      layers: [L.dense({ units: 3, inputShape: [2], name: 'h' }), L.dense({ units: 4, activation: 'softmax', name: 'attn' }), L.dense({ units: 1, name: 'o' })],
    });
    const graph = channelGraph(model);
    expect(graph.families.map((f) => [f.name, f.groups.length])).toEqual([['h', 3]]);
    expect(graph.skipped.find((s) => s.family === 'attn')).toEqual({ family: 'attn', channels: 4, reasons: ['Dense "attn" has a softmax activation, which mixes its units'] });
  });

  it('leaves channels touching an unknown layer unpruned until a handler is registered for it', () => {
    class Doubler extends L.Layer {
      static readonly className = 'Doubler';
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return inputs;
      }
    }
    const x = tfl.input({ shape: [3], name: 'x' });
    const y = apply(L.dense({ units: 1, name: 'o' }), apply(new Doubler({ name: 'dbl' }), apply(L.dense({ units: 4, name: 'h' }), x)));
    const model = tfl.model({ inputs: x, outputs: y });
    const before = channelGraph(model);
    expect(before.families).toEqual([]);
    expect(before.skipped.find((s) => s.family === 'h')).toEqual({
      family: 'h',
      channels: 4,
      reasons: ['layer "dbl" (Doubler) is not known to the channel graph; registerLayer can teach it'],
    });
    registerLayer('Doubler', { channels: { kind: 'channelwise', trace: () => { throw new Error('no idea'); } } });
    expect(channelGraph(model).skipped.find((s) => s.family === 'h')?.reasons).toEqual(['the channel handler of "dbl" (Doubler) failed: no idea']);
    const identity: ChannelHandler = { kind: 'channelwise', trace: (call) => [call.inputs[0] ?? []] };
    registerLayer('Doubler', { channels: identity }, { override: true });
    expect(channelGraph(model).families.map((f) => [f.name, f.groups.length])).toEqual([['h', 4]]);
  });
});
