import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import { findPrunableWeights } from '@tfjs-prune/core';

// Orthogonal (the RNN default) needs tfjs's chained ops, which tfjs-core alone doesn't register.
const rnn = { recurrentInitializer: 'glorotUniform' } as const;

function zoo(): tfl.LayersModel {
  const seqIn = tfl.input({ shape: [5, 2] });
  const imgIn = tfl.input({ shape: [8, 8, 3] });
  const vol = tfl.input({ shape: [4, 4, 4, 2] });
  const ids = tfl.input({ shape: [4] });
  const outs = [
    tfl.layers.lstm({ units: 3, name: 'lstm', ...rnn }).apply(seqIn),
    tfl.layers.gru({ units: 2, name: 'gru', ...rnn }).apply(seqIn),
    tfl.layers.simpleRNN({ units: 2, name: 'rnn', ...rnn }).apply(seqIn),
    tfl.layers.flatten().apply(tfl.layers.conv1d({ filters: 2, kernelSize: 2, name: 'conv1d' }).apply(seqIn)),
    tfl.layers.flatten().apply(tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv2d' }).apply(imgIn)),
    tfl.layers.flatten().apply(tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, name: 'deconv' }).apply(imgIn)),
    tfl.layers.flatten().apply(tfl.layers.separableConv2d({ filters: 2, kernelSize: 3, name: 'sep' }).apply(imgIn)),
    tfl.layers.flatten().apply(tfl.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }).apply(imgIn)),
    tfl.layers.flatten().apply(tfl.layers.conv3d({ filters: 2, kernelSize: 2, name: 'conv3d' }).apply(vol)),
    tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: 10, outputDim: 3, name: 'embed' }).apply(ids)),
  ] as tfl.SymbolicTensor[];
  const merged = tfl.layers.concatenate().apply(outs) as tfl.SymbolicTensor;
  const normed = tfl.layers.batchNormalization({ name: 'bn' }).apply(merged) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 2, name: 'head' }).apply(normed) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [seqIn, imgIn, vol, ids], outputs: out });
}

describe('findPrunableWeights', () => {
  it('finds the kernels of every supported layer class and never biases or normalization', () => {
    const model = zoo();
    const found = findPrunableWeights(model).map((w) => `${w.layer}:${w.layerClass}:${w.weight}:${w.shape.join('x')}`);
    expect(found.sort()).toEqual(
      [
        'lstm:LSTM:kernel:2x12',
        'lstm:LSTM:recurrent_kernel:3x12',
        'gru:GRU:kernel:2x6',
        'gru:GRU:recurrent_kernel:2x6',
        'rnn:SimpleRNN:kernel:2x2',
        'rnn:SimpleRNN:recurrent_kernel:2x2',
        'conv1d:Conv1D:kernel:2x2x2',
        'conv2d:Conv2D:kernel:3x3x3x2',
        'deconv:Conv2DTranspose:kernel:3x3x2x3',
        'sep:SeparableConv2D:depthwise_kernel:3x3x3x1',
        'sep:SeparableConv2D:pointwise_kernel:1x1x3x2',
        'dw:DepthwiseConv2D:depthwise_kernel:3x3x3x1',
        'conv3d:Conv3D:kernel:2x2x2x2x2',
        'embed:Embedding:embeddings:10x3',
        // 533 = 3 + 2 + 2 + 8 + 72 + 200 + 72 + 108 + 54 + 12 concatenated features.
        'head:Dense:kernel:533x2',
      ].sort(),
    );
    model.dispose();
  });

  it('selects by include and exclude globs and by class', () => {
    const model = zoo();
    const names = (selector: Parameters<typeof findPrunableWeights>[1]) =>
      findPrunableWeights(model, selector).map((w) => `${w.layer}/${w.weight}`);
    expect(names({ include: ['conv?d'] })).toEqual(['conv1d/kernel', 'conv2d/kernel', 'conv3d/kernel']);
    expect(names({ include: ['conv*'], exclude: ['conv2d', 'conv3*'] })).toEqual(['conv1d/kernel']);
    expect(names({ classes: ['GRU', 'Embedding'] })).toEqual(['embed/embeddings', 'gru/kernel', 'gru/recurrent_kernel']);
    expect(names({ include: ['d.*'] })).toEqual([]);
    model.dispose();
  });

  it('walks nested models and reports their path', () => {
    const inner = tfl.sequential({ name: 'encoder', layers: [tfl.layers.dense({ units: 4, inputShape: [8], name: 'enc_dense' })] });
    const input = tfl.input({ shape: [8] });
    const output = tfl.layers.dense({ units: 2, name: 'head' }).apply(inner.apply(input)) as tfl.SymbolicTensor;
    const outer = tfl.model({ inputs: input, outputs: output });
    expect(findPrunableWeights(outer).map((w) => `${w.path}:${w.layer}`)).toEqual(['encoder/enc_dense:enc_dense', 'head:head']);
    outer.dispose();
  });

  it('refuses things that are not LayersModels, saying what it got', () => {
    expect(() => findPrunableWeights({} as tfl.LayersModel)).toThrow(
      'expected a tf.LayersModel (from @tensorflow/tfjs-layers), got an instance of Object. ' +
        'Graph models from tf.loadGraphModel cannot be trained, so they cannot be pruned: prune (and compact) the ' +
        'Layers model (tf.loadLayersModel) the graph model was converted from, then convert the result.',
    );
    expect(() => findPrunableWeights(null as unknown as tfl.LayersModel)).toThrow('got null');
  });
});
