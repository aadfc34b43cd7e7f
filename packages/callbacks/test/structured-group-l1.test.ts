import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { seededValues } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import type { PruningConfig } from '@tfjs-prune/schedules';

/** hidden (4→3) → bn → logits (3→2); hidden's channel 1 starts tiny in every weight of its group. */
function model(): tfl.LayersModel {
  const L = tfl.layers;
  const net = tfl.sequential({
    layers: [L.dense({ units: 3, inputShape: [4], name: 'hidden' }), L.batchNormalization({ name: 'bn' }), L.dense({ units: 2, activation: 'softmax', name: 'logits' })],
  });
  const small = (values: number[], stride: number) => values.map((v, i) => (i % stride === 1 ? 0.01 : v));
  const weights = [
    tf.tensor2d(small([1, -1, 0.5, -0.5, 1, 1, 0.5, 1, -1, 1, -0.5, 0.5], 3), [4, 3]),
    tf.tensor1d([0.5, 0.01, -0.5]),
    tf.tensor1d([1, 0.01, 1]),
    tf.tensor1d([0.5, 0.01, -0.5]),
    tf.tensor1d([0, 0, 0]),
    tf.tensor1d([1, 1, 1]),
    tf.tensor2d([[1, -1], [0.01, 0.01], [-1, 1]]),
    tf.tensor1d([0, 0]),
  ];
  net.layers.forEach((layer, i) => layer.setWeights(weights.slice([0, 2, 6][i], [2, 6, 8][i])));
  tf.dispose(weights);
  net.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return net;
}

describe('group-l1 with a structured pruner', () => {
  /**
   * The issue: group-l1 used to shrink the selected layer's kernel columns alone, so a channel
   * it drove to zero still had its BN β (a constant output) and its consumer's input rows. Now
   * it shrinks the channel group the pruner removes: with no mask update yet (the one-shot is
   * after the fit), the tiny channel is exactly zero in every masked member after a real fit,
   * its consumer's rows included, while the other channels survive.
   */
  it('drives a whole channel group to zero, consumer rows included, before any mask update', async () => {
    const net = model();
    const x = tf.tensor2d(seededValues(8 * 4, 3), [8, 4]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1], 'int32'), 2));
    const config = {
      pruners: [
        {
          name: 'channels',
          layers: { include: ['hidden'] },
          granularity: 'structured',
          schedule: { type: 'one-shot', sparsity: 0.5, epoch: 10 },
          regularization: { type: 'group-l1', strength: 2 },
        },
      ],
    } as PruningConfig;
    const pruning = new PruningCallback(config);
    await net.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0, callbacks: [pruning] });
    expect(pruning.report().pruners[0]!.sparsity).toBe(0);

    const read = (layer: string, index: number) => [...net.getLayer(layer).getWeights()[index]!.dataSync()];
    const column = (values: number[], width: number, c: number) => values.filter((_, i) => i % width === c);
    const row = (values: number[], width: number, r: number) => values.slice(r * width, (r + 1) * width);
    const [kernel, bias, gamma, beta, consumer] = [read('hidden', 0), read('hidden', 1), read('bn', 0), read('bn', 1), read('logits', 0)];
    const channel = (c: number) => [...column(kernel, 3, c), bias[c]!, gamma[c]!, beta[c]!, ...row(consumer, 2, c)].map(Math.abs);
    expect(channel(1)).toStrictEqual(new Array(9).fill(0));
    for (const c of [0, 2]) expect(channel(c).every((v) => v > 0)).toBe(true);
    // The moving statistics are not masked: training keeps updating them, regularization does not touch them.
    expect(read('bn', 3).every((v) => v > 0)).toBe(true);

    // No mask update has run, so the store holds no mask: stripping frees exactly the
    // regularizer's indices, one gather index for the three groups and one factor lookup per
    // sliced weight (kernel, bias, γ, β, consumer kernel).
    const before = tf.memory().numTensors;
    pruning.strip();
    expect(tf.memory().numTensors).toBe(before - 6);
    tf.dispose([x, y]);
    net.dispose();
  });
});
