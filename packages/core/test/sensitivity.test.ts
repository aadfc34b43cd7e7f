import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { channelSensitivity } from '@tfjs-prune/core';

/**
 * Linear h1 (2→3) → h2 (3→2) → out (2→1), no biases, so the output on x = [1, 1] is a sum of
 * paths that can be counted by hand: h1 = [2, 4, 6], h2 = [12, 12], out = 24.
 */
function linearNet(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ name: 'h1', units: 3, inputShape: [2], useBias: false }),
      tfl.layers.dense({ name: 'h2', units: 2, useBias: false }),
      tfl.layers.dense({ name: 'out', units: 1, useBias: false }),
    ],
  });
  const weights = [tf.tensor2d([[1, 2, 3], [1, 2, 3]]), tf.ones([3, 2]), tf.ones([2, 1])];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

describe('channelSensitivity', () => {
  /**
   * h1 loses its weakest channels first (0, then 1): 20 at one channel, 12 at two (0.75 also
   * prunes two: one channel always stays). h2's two channels tie and go by position: 0.25 prunes
   * none (round(0.5) = 0), 0.5 and 0.75 prune one: 12.
   */
  it('prunes each family alone at each sparsity, measures, and puts every weight back', async () => {
    const model = linearNet();
    const x = tf.tensor2d([[1, 1]]);
    const evaluate = (m: tfl.LayersModel) => tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync()[0]!);
    const before = tf.memory().numTensors;
    const weightsBefore = model.getWeights().map((w) => [...w.dataSync()]);
    const result = await channelSensitivity(model, { evaluate });
    expect(result.baseline).toBe(24);
    expect(result.rows.map((r) => [r.family, r.sparsity, r.pruned, r.metric])).toEqual([
      ['h1', 0.25, 1, 20],
      ['h1', 0.5, 2, 12],
      ['h1', 0.75, 2, 12],
      ['h2', 0.25, 0, 24],
      ['h2', 0.5, 1, 12],
      ['h2', 0.75, 1, 12],
    ]);
    expect(model.getWeights().map((w) => [...w.dataSync()])).toEqual(weightsBefore);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('names a sparsity outside (0, 1)', async () => {
    const model = linearNet();
    await expect(channelSensitivity(model, { evaluate: () => 0, sparsities: [0.5, 1] })).rejects.toThrow(
      'channelSensitivity: every sparsity must be in (0, 1) (got 1)',
    );
    model.dispose();
  });
});
