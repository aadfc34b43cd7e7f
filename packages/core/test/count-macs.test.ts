import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { CountMacsError, countMacs } from '@tfjs-prune/core';

type LayerFactory = () => tfl.layers.Layer;
const rnn = { recurrentInitializer: 'glorotUniform' } as const;

/** The MACs of one layer applied to an input of `shape` (a one-layer functional model). */
function macsOf(shape: (number | null)[], layer: LayerFactory): number {
  const input = tfl.input({ shape });
  const model = tfl.model({ inputs: input, outputs: layer().apply(input) as tfl.SymbolicTensor });
  const count = countMacs(model);
  model.dispose();
  return count.total;
}

describe('countMacs', () => {
  // Each expected count is worked out by hand: output positions × kernel entries.
  it.each<[string, (number | null)[], LayerFactory, number]>([
    ['Dense 4→6', [4], () => tfl.layers.dense({ units: 6 }), 4 * 6],
    ['Dense 4→5 at 3 positions', [3, 4], () => tfl.layers.dense({ units: 5 }), 3 * 4 * 5],
    ['Conv1D k3 2→3, length 10 valid', [10, 2], () => tfl.layers.conv1d({ filters: 3, kernelSize: 3 }), 8 * 3 * 2 * 3],
    ['Conv2D k3 3→4, 8×8 same stride 2', [8, 8, 3], () => tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), 4 * 4 * (3 * 3 * 3 * 4)],
    ['Conv2D channelsFirst k3 3→4, 8×8 valid', [3, 8, 8], () => tfl.layers.conv2d({ filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' }), 6 * 6 * (3 * 3 * 3 * 4)],
    ['Conv3D k2 2→2, 4×4×4 valid', [4, 4, 4, 2], () => tfl.layers.conv3d({ filters: 2, kernelSize: 2 }), 3 * 3 * 3 * (2 * 2 * 2 * 2 * 2)],
    // A transposed convolution scatters each of the 5×5 input positions through the whole kernel.
    ['Conv2DTranspose k3 3→2, 5×5 stride 2', [5, 5, 3], () => tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), 5 * 5 * (3 * 3 * 2 * 3)],
    ['DepthwiseConv2D k3 ×2, 6×6×4 valid', [6, 6, 4], () => tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }), 4 * 4 * (3 * 3 * 4 * 2)],
    ['SeparableConv2D k3 4→5, 6×6 valid', [6, 6, 4], () => tfl.layers.separableConv2d({ filters: 5, kernelSize: 3 }), 4 * 4 * (3 * 3 * 4) + 4 * 4 * (4 * 5)],
    ['LSTM 2→3 over 5 steps', [5, 2], () => tfl.layers.lstm({ units: 3, ...rnn }), 5 * (2 * 12 + 3 * 12)],
    ['GRU 2→3 over 5 steps', [5, 2], () => tfl.layers.gru({ units: 3, ...rnn }), 5 * (2 * 9 + 3 * 9)],
    ['SimpleRNN 2→3 over 5 steps', [5, 2], () => tfl.layers.simpleRNN({ units: 3, ...rnn }), 5 * (2 * 3 + 3 * 3)],
    ['BatchNormalization', [6, 6, 4], () => tfl.layers.batchNormalization(), 0],
    ['MaxPooling2D', [6, 6, 4], () => tfl.layers.maxPooling2d({ poolSize: 2 }), 0],
    ['GlobalAveragePooling2D', [6, 6, 4], () => tfl.layers.globalAveragePooling2d({}), 0],
    ['ReLU', [6, 6, 4], () => tfl.layers.reLU(), 0],
    ['Embedding', [4], () => tfl.layers.embedding({ inputDim: 10, outputDim: 3 }), 0],
  ])('%s', (_name, shape, layer, expected) => {
    expect(macsOf(shape, layer)).toBe(expected);
  });

  it('lists every layer by path and sums them; merges and activations count 0', () => {
    const input = tfl.input({ shape: [6, 6, 2] });
    const conv = tfl.layers.conv2d({ name: 'conv', filters: 2, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    const relu = tfl.layers.reLU({ name: 'relu' }).apply(conv) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({ name: 'add' }).apply([relu, input]) as tfl.SymbolicTensor;
    const flat = tfl.layers.flatten({ name: 'flat' }).apply(sum) as tfl.SymbolicTensor;
    const head = tfl.layers.dense({ name: 'head', units: 3 }).apply(flat) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: head });
    const before = tf.memory().numTensors;
    const count = countMacs(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(count.perLayer).toEqual([
      { layer: expect.stringMatching(/^input/), macs: 0 },
      { layer: 'conv', macs: 36 * (3 * 3 * 2 * 2) },
      { layer: 'relu', macs: 0 },
      { layer: 'add', macs: 0 },
      { layer: 'flat', macs: 0 },
      { layer: 'head', macs: 72 * 3 },
    ]);
    expect(count.total).toBe(1296 + 216);
    model.dispose();
  });

  it('counts a nested model once per call and a shared layer once per call', () => {
    const inner = tfl.sequential({ name: 'inner', layers: [tfl.layers.dense({ name: 'd', units: 6, inputShape: [4] })] });
    const a = tfl.input({ shape: [4] });
    const b = tfl.input({ shape: [4] });
    const shared = tfl.layers.dense({ name: 'shared', units: 2 });
    const outputs = [inner.apply(a), inner.apply(b), shared.apply(inner.apply(a) as tfl.SymbolicTensor)] as tfl.SymbolicTensor[];
    const model = tfl.model({ inputs: [a, b], outputs });
    const count = countMacs(model);
    expect(count.perLayer.filter((l) => l.macs > 0)).toEqual([
      { layer: 'inner/d', macs: 3 * 24 },
      { layer: 'shared', macs: 6 * 2 },
    ]);
    expect(count.total).toBe(72 + 12);
    model.dispose();
  });

  it('refuses a dimension that is not fixed instead of guessing', () => {
    expect(() => macsOf([null, null, 3], () => tfl.layers.conv2d({ name: 'c', filters: 2, kernelSize: 3 }))).toThrow(
      new CountMacsError('MACS_UNKNOWN_SHAPE', `countMacs: layer "c" has a dimension that is not fixed (null); give the model's input a full shape`),
    );
  });

  it('refuses a layer with weights that it has no rule for, naming it', () => {
    const make = () => tfl.layers.timeDistributed({ name: 'td', layer: tfl.layers.dense({ units: 2 }) });
    let caught: unknown;
    try {
      macsOf([3, 4], make);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CountMacsError);
    expect((caught as CountMacsError).code).toBe('MACS_UNKNOWN_LAYER');
    expect((caught as Error).message).toBe(
      'countMacs: layer "td" (TimeDistributed) has weights but no MAC rule; counted classes are ' +
        'Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D, DepthwiseConv2D, Embedding, LSTM, GRU, SimpleRNN, ' +
        'BatchNormalization, LayerNormalization, PReLU',
    );
  });
});
