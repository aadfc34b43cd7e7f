import { describe, expect, it } from 'vitest';

import { tf } from '../../../core/test/support/cpu-backend.js';
import { tinyMlp } from '../../../core/test/support/models.js';
import { PruningEngine } from '@tfjs-prune/callbacks';
import { findPrunableWeights } from '@tfjs-prune/core';

describe('mask updates across pruners are all or nothing', () => {
  /**
   * torch's prune.apply rolls back when compute_mask throws; ours must too, across pruners:
   * the first pruner's new masks were computed (and, before the fix, committed) by the time
   * the second one's NaN score throws. A half-applied update would silently change the model.
   */
  it('a NaN in the second pruner leaves every mask and weight as it was', () => {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const engine = new PruningEngine({
      pruners: [
        { name: 'hidden', layers: { include: ['hidden*'] }, schedule: { type: 'iterative', finalSparsity: 0.75, rounds: 2 } },
        { name: 'out', layers: { include: ['logits'] }, schedule: { type: 'iterative', finalSparsity: 0.75, rounds: 2 } },
      ],
    });
    engine.attach(model);
    engine.beginEpoch(0);
    const store = engine.maskStore!;
    const masks = () => store.targets.map((t) => Array.from(store.keepMask(t) ?? []));
    const weights = () => model.weights.map((w) => Array.from(w.read().dataSync()));
    const logits = findPrunableWeights(model).find((t) => t.layer === 'logits')!;
    const poisoned = logits.variable.dataSync().slice();
    poisoned[3] = Number.NaN;
    logits.variable.assign(tf.tensor(poisoned, logits.variable.shape));
    const masksBefore = masks();
    const weightsBefore = weights();
    const tensorsBefore = tf.memory().numTensors;

    expect(() => engine.beginEpoch(1)).toThrow(/NaN/);

    expect(masks()).toEqual(masksBefore);
    expect(weights()).toEqual(weightsBefore);
    expect(engine.report().pruners.map((p) => [p.name, p.targetSparsity])).toEqual([
      ['hidden', 0.5],
      ['out', 0.5],
    ]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    engine.strip();
    model.dispose();
  });
});
