import { describe, expect, it } from 'vitest';

import { createSchedule, lastUpdateEpoch } from '@tfjs-prune/schedules';

import { ACCURACY_EPOCHS, accuracyRuns, SCHEDULE_KINDS, scheduleFor, SPARSITIES } from '../../src/bench/accuracy-specs.js';
import { CRITERIA } from '../../src/bench/criteria.js';

describe('the accuracy protocol', () => {
  it('lists dense, every schedule × sparsity, and every other criterion at 90%, per model, with unique ids', () => {
    const runs = accuracyRuns(['lenet-300-100']);
    expect(runs).toHaveLength(1 + SCHEDULE_KINDS.length * SPARSITIES.length + (CRITERIA.length - 1));
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    expect(new Set(runs.map((r) => `${r.epochs}/${r.seed}/${r.trainSize}/${r.batchSize}`)).size).toBe(1);
    expect(accuracyRuns()).toHaveLength(2 * runs.length);
  });

  /** Same total epochs and the same fine-tuning budget, and gradient criteria need a trained epoch first. */
  it.each(SCHEDULE_KINDS)('%s: first update at epoch ≥ 1, last at epoch 6, target reached', (kind) => {
    for (const s of SPARSITIES) {
      const schedule = createSchedule(scheduleFor(kind, s));
      const epochs = Array.from({ length: ACCURACY_EPOCHS }, (_, e) => e);
      const updates = epochs.filter((e) => schedule.updatesAt(e));
      expect(updates[0]).toBeGreaterThanOrEqual(1);
      expect(lastUpdateEpoch(scheduleFor(kind, s))).toBe(6);
      expect(schedule.sparsityAt(ACCURACY_EPOCHS - 1)).toBeCloseTo(s, 12);
    }
  });
});
