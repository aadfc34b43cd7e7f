import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { seedWeights } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { findPrunableWeights } from '@tfjs-prune/core';

/** Every layer kind a MobileNet-style block trains through, so every wasm gradient it needs runs. */
function tinyDepthwiseNet(): tfl.LayersModel {
  const input = tfl.input({ shape: [9, 9, 2] });
  const layers = [
    tfl.layers.zeroPadding2d({ padding: 1 }),
    tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, useBias: false, name: 'stem' }),
    tfl.layers.batchNormalization({ name: 'stem_bn' }),
    tfl.layers.reLU({ maxValue: 6 }),
    tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, name: 'dw' }),
    tfl.layers.batchNormalization({ name: 'dw_bn' }),
    tfl.layers.reLU({ maxValue: 6 }),
    tfl.layers.separableConv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', name: 'sep' }),
    tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
    tfl.layers.averagePooling2d({ poolSize: 1 }),
    tfl.layers.globalAveragePooling2d({}),
    tfl.layers.dense({ units: 2, activation: 'softmax', name: 'logits' }),
  ];
  const output = layers.reduce<tfl.SymbolicTensor>((h, layer) => layer.apply(h) as tfl.SymbolicTensor, input);
  const model = tfl.model({ inputs: input, outputs: output });
  seedWeights(model, 3);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * Stock tfjs-backend-wasm 4.22 fails this fit with "Kernel 'Conv2DBackpropFilter' not registered";
 * selectBackend('wasm') registers the missing gradients, and pruning then works as on cpu.
 */
describe('a conv net with depthwise layers trains with pruning on wasm', () => {
  afterAll(() => tf.setBackend('cpu'));

  it('reaches exactly round(0.5·n) zeros in every kernel after a real fit', async () => {
    await selectBackend('wasm', { log: false });
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const model = tinyDepthwiseNet();
    const x = tf.tensor4d(Array.from({ length: 8 * 9 * 9 * 2 }, (_, i) => Math.sin(i * 0.37)), [8, 9, 9, 2]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1], 'int32'), 2));
    const pruning = new PruningCallback({ pruners: [{ name: 'all', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } }] });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, callbacks: process.env.NOPRUNE ? [] : [pruning] });
    expect(history.history.loss!.every((l) => Number.isFinite(l as number))).toBe(true);
    const zeros = Object.fromEntries(
      findPrunableWeights(model).map((t) => [`${t.path}/${t.weight}`, Array.from(t.variable.dataSync()).filter((v) => v === 0).length]),
    );
    const sizes = Object.fromEntries(findPrunableWeights(model).map((t) => [`${t.path}/${t.weight}`, t.size]));
    expect(Object.keys(zeros).sort()).toStrictEqual(['dw/depthwise_kernel', 'logits/kernel', 'sep/depthwise_kernel', 'sep/pointwise_kernel', 'stem/kernel']);
    expect(zeros).toStrictEqual(Object.fromEntries(Object.entries(sizes).map(([name, n]) => [name, Math.round(n / 2)])));
    pruning.strip();
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
