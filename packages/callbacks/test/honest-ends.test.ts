import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { PruningCallback, type TrainEndEvent } from '@tfjs-prune/callbacks';
import { createSchedule, type PruningConfig, type ScheduleSpec } from '@tfjs-prune/schedules';

/*
 * Training that stops before a schedule's last update under-prunes. Nothing may let that pass
 * for a finished run: the trainEnd event, report() and formatReport() name the target, what
 * was reached and how far short the run fell, and the "target" column is the final target.
 */

const decay: ScheduleSpec = { type: 'polynomial-decay', finalSparsity: 0.8, endEpoch: 5, power: 1 };
const config = (schedule: ScheduleSpec = decay): PruningConfig => ({ pruners: [{ name: 'all', schedule }] });

describe('a schedule cut short', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup(cfg: PruningConfig) {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const data = tinyData(32);
    const pruning = new PruningCallback(cfg);
    const ends: TrainEndEvent[] = [];
    pruning.on('trainEnd', (e) => void ends.push(e));
    owned.push(model, data.x, data.y, { dispose: () => pruning.strip() });
    return { model, pruning, ends, ...data };
  }

  it('fewer epochs than the schedule: trainEnd, report() and formatReport() say target, reached and epochs short', async () => {
    const { model, pruning, ends, x, y } = setup(config());
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [pruning] });
    const reached = createSchedule(decay).sparsityAt(2);
    const shortfall = { pruner: 'all', targetSparsity: 0.8, reachedSparsity: reached, unit: 'epoch', short: 3, lastUpdate: 5 };
    expect(ends.map((e) => e.shortfalls)).toEqual([[shortfall]]);
    expect(pruning.report().pruners[0]).toMatchObject({ finalSparsity: 0.8, targetSparsity: reached, shortfall });
    const lines = pruning.formatReport().split('\n');
    // The target column is the final target, not the 32% the last update asked for.
    expect(lines[2]).toBe('all     hidden1  kernel  4x6        24    16   80.0%     33.3%');
    expect(lines.slice(5, 7)).toEqual([
      '',
      'all: short of its schedule: target 80.0%, reached 32.0%, 3 epochs short (the last mask update is at epoch 5; train longer, or end the schedule earlier)',
    ]);
  });

  it('earlyStopping beside the pruning callback: the stop is reported as a shortfall', async () => {
    const { model, pruning, ends, x, y } = setup(config());
    // minDelta no loss can beat: epoch 0 sets the best, epoch 1 stops training.
    const stop = tfl.callbacks.earlyStopping({ monitor: 'loss', patience: 0, minDelta: 100 });
    await model.fit(x, y, { epochs: 10, batchSize: 8, verbose: 0, callbacks: [pruning, stop] });
    expect(ends[0]!.shortfalls.map((s) => [s.short, s.reachedSparsity])).toEqual([[4, createSchedule(decay).sparsityAt(1)]]);
  });

  it('a finished schedule reports no shortfall', async () => {
    const { model, pruning, ends, x, y } = setup(config());
    await model.fit(x, y, { epochs: 6, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(ends[0]!.shortfalls).toEqual([]);
    expect(pruning.report().pruners[0]!.shortfall).toBeUndefined();
    expect(pruning.formatReport()).not.toContain('short of its schedule');
  });

  it('a schedule counted in steps is short by steps', async () => {
    const { model, pruning, ends, x, y } = setup(config({ type: 'one-shot', sparsity: 0.5, step: 6 }));
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(ends[0]!.shortfalls).toEqual([{ pruner: 'all', targetSparsity: 0.5, reachedSparsity: 0, unit: 'step', short: 3, lastUpdate: 6 }]);
    expect(pruning.formatReport()).toContain('all: short of its schedule: target 50.0%, reached 0.0%, 3 steps short (the last mask update is at step 6;');
  });

  it('a schedule object has no known end: no final target, no shortfall', async () => {
    const forever = { sparsityAt: (e: number) => Math.min(0.5, e / 10), updatesAt: () => true, toJSON: () => ({ type: 'ramp' }) };
    const { model, pruning, ends, x, y } = setup({ pruners: [{ name: 'all', schedule: forever }] } as unknown as PruningConfig);
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(pruning.report().pruners[0]!.finalSparsity).toBeNull();
    expect(ends[0]!.shortfalls).toEqual([]);
  });
});
