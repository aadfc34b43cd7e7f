import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp, zerosOf } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { findPrunableWeights } from '@tfjs-prune/core';
import { PruningConfigError, type PruningSchedule, type ScheduleSpec } from '@tfjs-prune/schedules';

/** A schedule written in code, as the README invites: 60% from epoch 1, masks set once. */
const stepAtOne: PruningSchedule = {
  sparsityAt: (epoch) => (epoch >= 1 ? 0.6 : 0),
  updatesAt: (epoch) => epoch === 1,
  toJSON: () => ({ type: 'step-at-one' }) as unknown as ScheduleSpec,
};

describe('PruningSchedule objects in a config written in code', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  it('drive the masks of a real fit', async () => {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const { x, y } = tinyData(16);
    owned.push(model, x, y);
    const pruning = new PruningCallback({ pruners: [{ name: 'custom', schedule: stepAtOne }] });
    owned.push({ dispose: () => pruning.strip() });
    const zeros: number[][] = [];
    pruning.on('epochEnd', () => zeros.push(findPrunableWeights(model).map((t) => zerosOf(t.variable))));
    const updates: number[] = [];
    pruning.on('maskUpdate', (e) => updates.push(e.epoch));
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(zeros).toEqual([
      [0, 0, 0],
      [14, 18, 9],
      [14, 18, 9],
    ]);
    expect(updates).toEqual([1]);
    expect(pruning.report().pruners[0]).toMatchObject({ schedule: 'step-at-one', targetSparsity: 0.6 });
  });

  it('still get pointer errors for everything else in the pruner', () => {
    expect(() => new PruningCallback({ pruners: [{ name: 'custom', schedule: stepAtOne, scope: 'everywhere' as 'layer' }] })).toThrow(PruningConfigError);
    expect(() => new PruningCallback({ pruners: [{ name: 'custom', schedule: stepAtOne, scope: 'everywhere' as 'layer' }] })).toThrow(
      /^config: \/pruners\/0\/scope /,
    );
  });

  it('with a gradient criterion that updates at epoch 0 are refused without calibration data', () => {
    const atZero: PruningSchedule = { ...stepAtOne, updatesAt: (epoch) => epoch === 0 };
    expect(() => new PruningCallback({ pruners: [{ criterion: 'taylor', schedule: atZero }] })).toThrow(
      'config: /pruners/0/criterion "taylor" scores weights by their gradients, but the schedule\'s first mask update is at epoch 0',
    );
  });
});
