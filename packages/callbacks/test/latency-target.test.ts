import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { disposeRuns, lenet } from './support/budget-nets.js';
import '@tfjs-prune/callbacks/budget';
import { PruningCallback, PruningEngine, type SpeedupMeasurer } from '@tfjs-prune/callbacks';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { countMacs } from '@tfjs-prune/core';
import type { PruningConfig } from '@tfjs-prune/schedules';
import { findMacFraction } from '../src/latency/find-mac-fraction.js';
import { measureSpeedup } from '../src/latency/measure-speedup.js';
import { latencySupport, registerLatencySupport } from '../src/engine/latency-support.js';
import { budgetAllocator, registerBudgetAllocator } from '../src/engine/budget-allocator.js';

const L = tfl.layers;

/**
 * A machine whose predict costs a fixed overhead plus a cost per MAC and example: speed per MAC
 * falls as the model shrinks, as on real backends at small batches, and nothing is timed.
 */
function fakeMachine(overheadMacs: number) {
  const calls: { dense: number; candidate: number; batch: number }[] = [];
  const measure: SpeedupMeasurer = async (dense, candidate, batch) => {
    const time = (m: tfl.LayersModel) => overheadMacs + countMacs(m).total * batch;
    const d = countMacs(dense).total;
    const c = countMacs(candidate).total;
    calls.push({ dense: d, candidate: c, batch });
    const speedup = time(dense) / time(candidate);
    return { speedup, p25: speedup * 0.99, p75: speedup * 1.01 };
  };
  return { measure, calls };
}

const latencyConfig = (speedup: number, batch: number, schedule: object = { type: 'polynomial-decay', startEpoch: 0, endEpoch: 2 }) =>
  ({ target: { latency: { speedup, batch } }, pruners: [{ name: 'units', layers: { include: ['fc*'] }, granularity: 'structured', schedule }] }) as PruningConfig;

async function epochs(pruning: PruningCallback, from: number, to: number): Promise<void> {
  for (let epoch = from; epoch < to; epoch++) {
    await pruning.onEpochBegin(epoch);
    await pruning.onEpochEnd(epoch);
  }
}

/** Time per predict on the fake machine of the tests below: 100,000 MACs' worth of overhead per example, then one unit per MAC. */
const OVERHEAD = 100_000;
const speedupOf = (dense: number, candidate: number) => (OVERHEAD + dense) / (OVERHEAD + candidate);

describe('config "target": { "latency": ... }', () => {
  /**
   * The search on a machine whose speedup is known in closed form: 2x needs (100,000 + 266,200)
   * / 2 − 100,000 = 83,100 MACs (31.2%). Candidates: 1/2 of the MACs (1.57x), then the power law
   * through it and dense (1.91x), then the line through those two (1.99x, within 3%: the search stops). The schedule then
   * prunes to that fraction, and the last update's compacted model is measured again.
   */
  it('LeNet-300-100, 2x at batch 64: finds the MAC fraction by measurement, prunes to it, reports asked and measured', async () => {
    const model = lenet();
    const before = tf.memory().numTensors;
    const { measure, calls } = fakeMachine(OVERHEAD * 64);
    const pruning = new PruningCallback(latencyConfig(2, 64), { measureSpeedup: measure });
    pruning.attach(model);
    await epochs(pruning, 0, 1);
    // Measured once, before the first update (epoch 0, progress 0: nothing pruned yet).
    expect(calls.map((c) => c.candidate)).toEqual([132_944, 91_864, 84_000]);
    await epochs(pruning, 1, 3);
    expect(calls.map((c) => [c.dense, c.candidate, c.batch])).toEqual([
      [266_200, 132_944, 64], [266_200, 91_864, 64], [266_200, 84_000, 64],
      // The last update's result, measured at the end of its epoch.
      [266_200, 83_888, 64],
    ]);
    const measured = (macs: number) => {
      const speedup = speedupOf(266_200, macs);
      return { speedup, p25: speedup * 0.99, p75: speedup * 1.01 };
    };
    const keep = 84_000 / 266_200;
    const report = pruning.report();
    expect(report.target).toEqual({
      metric: 'macs', keep, dense: 266_200, target: expect.closeTo(84_000, 6), achieved: 83_888,
      latency: {
        speedup: 2, batch: 64, keep, searched: measured(84_000), measured: measured(83_888), reachable: true,
        candidates: [
          { keep: 132_944 / 266_200, speedup: speedupOf(266_200, 132_944), floor: false },
          { keep: 91_864 / 266_200, speedup: speedupOf(266_200, 91_864), floor: false },
          { keep, speedup: speedupOf(266_200, 84_000), floor: false },
        ],
      },
    });
    expect(report.target!.latency!.measured!.speedup / 2).toBeGreaterThan(0.9);
    expect(pruning.formatReport()).toContain(
      'target: macs 31.6% of the dense 266200; last update aimed at 84000, the compacted model will have 83888 (31.5% of dense)\n' +
        'latency: 2.00x asked at batch 64; MAC fraction 31.6% chosen by measuring 3 candidates (it measured 1.99x, quartiles 1.97x-2.01x); ' +
        'measured after the last update: 1.99x, quartiles 1.97x-2.01x\n',
    );
    const { model: small } = await compactPruned(pruning);
    expect(countMacs(small).total).toBe(83_888);
    small.dispose();
    // Every candidate, its copy and the measurement's inputs were disposed.
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  /**
   * At most (100,000 + 266,200) / (100,000 + 795) = 3.63x on this machine: one unit of fc1 and
   * one of fc2 (their floors) cost 784 + 1 + 10 MACs. 5x is out of reach: the candidates
   * (2.39x, 3.22x, 3.60x) follow the flattening curve down to the floor, the model is pruned to it, and the report says the target cannot be reached.
   */
  it('an impossible speedup ends at the floors, and the report says so', async () => {
    const model = lenet();
    const { measure } = fakeMachine(OVERHEAD);
    const pruning = new PruningCallback(latencyConfig(5, 1, { type: 'one-shot', epoch: 0 }), { measureSpeedup: measure });
    pruning.attach(model);
    await epochs(pruning, 0, 1);
    const latency = pruning.report().target!.latency!;
    expect(latency.candidates.map((c) => [Math.round(c.keep * 266_200), c.floor])).toEqual([[53_188, false], [13_544, false], [1_616, false], [795, true]]);
    expect(latency).toMatchObject({ keep: 795 / 266_200, reachable: false, measured: { speedup: speedupOf(266_200, 795) } });
    expect(pruning.report().pruners[0]!.channels.map((c) => c.kept)).toEqual([1, 1]);
    expect(pruning.formatReport()).toContain(
      'latency: 5.00x asked at batch 1; MAC fraction 0.3% chosen by measuring 4 candidates (it measured 3.63x, quartiles 3.60x-3.67x); ' +
        'measured after the last update: 3.63x, quartiles 3.60x-3.67x; cannot be reached on this backend: every family at its floor is the fastest candidate',
    );
    pruning.strip();
    model.dispose();
  });

  /**
   * The fraction is part of the pruning state, so a run resumed between the first and the last
   * update prunes to the same fraction without measuring candidates again (the timing would
   * differ, and so would the model). The state goes through JSON, as a checkpoint manifest.
   */
  it('a resumed run keeps the measured fraction: no new search, same target', async () => {
    const before = tf.memory().numTensors;
    const first = fakeMachine(OVERHEAD * 64);
    const model = lenet();
    const pruning = new PruningCallback(latencyConfig(2, 64), { measureSpeedup: first.measure });
    pruning.attach(model);
    await epochs(pruning, 0, 2);
    const state = pruning.exportState();
    expect(state.pruners[0]!.latency!.choice.keep).toBe(84_000 / 266_200);
    const manifest = JSON.parse(JSON.stringify(state.pruners)) as typeof state.pruners;

    const resumedModel = lenet();
    const second = fakeMachine(OVERHEAD * 64);
    const resumed = new PruningCallback(latencyConfig(2, 64), { measureSpeedup: second.measure });
    resumed.attach(resumedModel);
    resumed.importState({ ...state, pruners: manifest });
    tf.dispose([...state.tensors.values()]);
    await epochs(resumed, 2, 3);
    // Only the last update's result was measured.
    expect(second.calls.map((c) => c.candidate)).toEqual([83_888]);
    expect(resumed.report().target).toMatchObject({ keep: 84_000 / 266_200, achieved: 83_888, latency: { keep: 84_000 / 266_200 } });
    expect(resumed.report().target!.latency!.candidates).toHaveLength(3);
    disposeRuns([resumed, pruning], [resumedModel, model]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a custom loop that skips measureTargets is refused at the update, masks untouched; with it, the update runs', async () => {
    const model = lenet();
    const { measure } = fakeMachine(OVERHEAD);
    const engine = new PruningEngine(latencyConfig(1.5, 1, { type: 'one-shot', epoch: 1 }), { measureSpeedup: measure });
    engine.attach(model);
    await engine.measureTargets(0);
    engine.beginEpoch(0);
    await engine.endEpoch(0);
    expect(() => engine.beginEpoch(1)).toThrow(
      expect.objectContaining({
        code: 'LATENCY_NOT_MEASURED',
        message:
          'pruner "units" prunes to a latency target whose speedup has not been measured yet: call (and await) ' +
          'engine.measureTargets(epoch) before engine.beginEpoch(epoch) (PruningCallback does it)',
      }),
    );
    expect(engine.report().pruners[0]!.pruned).toBe(0);
    await engine.measureTargets(1);
    engine.beginEpoch(1);
    expect(engine.report().pruners[0]!.pruned).toBeGreaterThan(0);
    engine.strip();
    model.dispose();
  });

  it('without @tfjs-prune/callbacks/budget a latency target is refused at construction, with the import to add', () => {
    const allocator = budgetAllocator();
    const support = latencySupport();
    registerBudgetAllocator(undefined);
    registerLatencySupport(undefined);
    try {
      expect(() => new PruningCallback(latencyConfig(2, 1))).toThrow('config: /target needs the channel allocator, which a page only carries when it asks for it');
    } finally {
      registerBudgetAllocator(allocator);
      registerLatencySupport(support);
    }
  });
});

describe('findMacFraction', () => {
  /** speedup = keep^−½: the power law through the first candidate lands on the answer exactly. */
  it('follows the measured power law: 1/2 of the MACs (1.41x), then 1/4 (2x)', async () => {
    const asked: number[] = [];
    const choice = await findMacFraction({
      speedup: 2,
      floor: 0.01,
      measureAt: async (keep) => {
        asked.push(keep);
        const speedup = keep ** -0.5;
        return { keep, measured: { speedup, p25: speedup, p75: speedup } };
      },
    });
    expect(asked).toEqual([0.5, expect.closeTo(0.25, 12)]);
    expect(choice.keep).toBeCloseTo(0.25, 12);
    expect(choice.candidates.map((c) => c.floor)).toEqual([false, false]);
  });

  it('stops at the floor when the floor is too slow, and returns it', async () => {
    const choice = await findMacFraction({
      speedup: 2,
      floor: 0.3,
      measureAt: async (keep) => ({ keep, measured: { speedup: keep ** -0.5, p25: 0, p75: 0 } }),
    });
    expect(choice.candidates.map((c) => [c.keep, c.floor])).toEqual([[0.5, false], [0.3, true]]);
    expect(choice.keep).toBe(0.3);
  });
});

describe('measureSpeedup, the default measurer', () => {
  /** Its value depends on the machine: only that it is a finite positive ratio, and leaks nothing. */
  it('times a tiny model against its narrower copy and returns a finite positive speedup, leaking no tensor', async () => {
    const wide = tfl.sequential({ layers: [L.dense({ units: 32, inputShape: [16], activation: 'relu' }), L.dense({ units: 4 })] });
    const narrow = tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [16], activation: 'relu' }), L.dense({ units: 4 })] });
    const before = tf.memory().numTensors;
    const m = await measureSpeedup(wide, narrow, 2);
    for (const value of [m.speedup, m.p25, m.p75]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(m.p25).toBeLessThanOrEqual(m.speedup);
    expect(m.speedup).toBeLessThanOrEqual(m.p75);
    expect(tf.memory().numTensors).toBe(before);
    wide.dispose();
    narrow.dispose();
  });

  it('refuses a model whose input shape is not fixed, naming the input', async () => {
    const input = tfl.input({ shape: [null, null, 3], name: 'image' });
    const output = L.globalAveragePooling2d({}).apply(L.conv2d({ filters: 2, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    const before = tf.memory().numTensors;
    await expect(measureSpeedup(model, model, 1)).rejects.toThrow(
      expect.objectContaining({
        code: 'LATENCY_UNMEASURABLE',
        message: 'a latency target times the model on random inputs, but input "image" has shape [null, null, null, 3]: every dimension but the batch must be known (give the model a fixed inputShape)',
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
