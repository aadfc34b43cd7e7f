import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp, zerosOf } from '../../../core/test/support/models.js';
import { type MaskUpdateEvent, PruningEngine } from '@tfjs-prune/callbacks';
import { findPrunableWeights } from '@tfjs-prune/core';

const kernelZeros = (model: tfl.LayersModel) => Object.fromEntries(findPrunableWeights(model).map((t) => [t.layer, zerosOf(t.variable)]));

describe('PruningEngine in a custom training loop', () => {
  /**
   * The engine is the whole library minus tf.Callback: a loop that calls optimizer.minimize
   * itself (no fit, no callbacks list) must get the same exact masks, held after every step.
   */
  it('prunes to exact counts and holds them through optimizer.minimize steps, leaking no tensor', async () => {
    const model = tinyMlp();
    const optimizer = tf.train.sgd(0.1);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const { x, y } = tinyData(16);
    const before = tf.memory().numTensors;
    const engine = new PruningEngine({ pruners: [{ name: 'all', schedule: { type: 'one-shot', sparsity: 0.6, epoch: 1 } }] });
    expect(engine).not.toBeInstanceOf(tfl.Callback);
    const updates: MaskUpdateEvent[] = [];
    engine.on('maskUpdate', (e) => updates.push(e));
    const epochEnds: number[] = [];
    engine.on('epochEnd', (e) => epochEnds.push(e.sparsity));

    engine.attach(model);
    const zerosAfterEpoch: Record<string, number>[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      engine.beginEpoch(epoch);
      for (let step = 0; step < 3; step++) {
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar, false);
      }
      await engine.endEpoch(epoch);
      zerosAfterEpoch.push(kernelZeros(model));
    }
    engine.endTraining();

    // round(0.6·n): 24 → 14, 30 → 18, 15 → 9; dense before the update epoch.
    expect(zerosAfterEpoch[0]).toEqual({ hidden1: 0, hidden2: 0, logits: 0 });
    expect(zerosAfterEpoch[1]).toEqual({ hidden1: 14, hidden2: 18, logits: 9 });
    expect(zerosAfterEpoch[2]).toEqual({ hidden1: 14, hidden2: 18, logits: 9 });
    expect(updates.map((u) => [u.epoch, u.pruner, u.targetSparsity])).toEqual([[1, 'all', 0.6]]);
    expect(epochEnds).toEqual([0, 41 / 69, 41 / 69]);
    expect(engine.report().pruners[0]!.targets.map((t) => t.pruned)).toEqual([14, 18, 9]);
    engine.strip();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('refuses an epoch before attach, with a code', () => {
    const engine = new PruningEngine({ pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] });
    expect(() => engine.beginEpoch(0)).toThrow(expect.objectContaining({ code: 'NOT_ATTACHED', message: 'attach the callback to its model before trying to begin an epoch' }));
  });
});
