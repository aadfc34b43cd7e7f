import { describe, expect, it } from 'vitest';
import { createSchedule, firstUpdateEpoch, lastUpdateEpoch, type ResolvedScheduleSpec, type ScheduleSpec } from '@tfjs-prune/schedules';

const epochs = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const updateEpochs = (spec: ScheduleSpec, n: number): number[] =>
  epochs(n).filter((e) => createSchedule(spec).updatesAt(e));

describe('polynomial-decay', () => {
  it('follows Zhu & Gupta: 0 -> 0.9 over epochs 0..4 with power 3', () => {
    const schedule = createSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 });
    const expected = [0, 0.5203125, 0.7875, 0.8859375];
    expected.forEach((value, epoch) => expect(schedule.sparsityAt(epoch)).toBeCloseTo(value, 12));
    // The configured number itself, not a float that rounds to it.
    for (const epoch of [4, 5, 100]) expect(schedule.sparsityAt(epoch)).toBe(0.9);
  });

  it('is 0 before startEpoch and initialSparsity at it', () => {
    const schedule = createSchedule({ type: 'polynomial-decay', initialSparsity: 0.2, finalSparsity: 0.8, startEpoch: 2, endEpoch: 6, power: 1 });
    const expected = [0, 0, 0.2, 0.35, 0.5, 0.65, 0.8, 0.8];
    expected.forEach((value, epoch) => expect(schedule.sparsityAt(epoch)).toBeCloseTo(value, 12));
    expect(schedule.sparsityAt(2)).toBe(0.2);
  });

  it('holds the last update value between updates', () => {
    const schedule = createSchedule({ type: 'polynomial-decay', finalSparsity: 0.8, endEpoch: 4, frequency: 2, power: 1 });
    expect(epochs(6).map((e) => schedule.sparsityAt(e))).toEqual([0, 0, 0.4, 0.4, 0.8, 0.8]);
  });

  it.each([
    ['every epoch of the span', { startEpoch: 1, endEpoch: 4 }, [1, 2, 3, 4]],
    ['every second epoch', { startEpoch: 0, endEpoch: 4, frequency: 2 }, [0, 2, 4]],
    ['endEpoch even when the span is not a multiple of frequency', { startEpoch: 0, endEpoch: 5, frequency: 2 }, [0, 2, 4, 5]],
    ['frequency longer than the span', { startEpoch: 3, endEpoch: 5, frequency: 10 }, [3, 5]],
  ])('updates at %s', (_, fields, expected) => {
    expect(updateEpochs({ type: 'polynomial-decay', finalSparsity: 0.5, ...fields }, 12)).toEqual(expected);
  });
});

describe('one-shot', () => {
  it('prunes once, at epoch, and holds', () => {
    const schedule = createSchedule({ type: 'one-shot', sparsity: 0.5, epoch: 2 });
    expect(epochs(5).map((e) => schedule.sparsityAt(e))).toEqual([0, 0, 0.5, 0.5, 0.5]);
    expect(updateEpochs({ type: 'one-shot', sparsity: 0.5, epoch: 2 }, 10)).toEqual([2]);
    expect(updateEpochs({ type: 'one-shot', sparsity: 0.5 }, 10)).toEqual([0]);
  });
});

describe('iterative', () => {
  it('prunes the same fraction of survivors each round, exactly finalSparsity at the last', () => {
    const schedule = createSchedule({ type: 'iterative', finalSparsity: 0.99, rounds: 2, startEpoch: 1, epochsPerRound: 3 });
    const expected = [0, 0.9, 0.9, 0.9, 0.99, 0.99, 0.99, 0.99];
    expected.forEach((value, epoch) => expect(schedule.sparsityAt(epoch)).toBeCloseTo(value, 12));
    expect(schedule.sparsityAt(4)).toBe(0.99);
    expect(updateEpochs({ type: 'iterative', finalSparsity: 0.99, rounds: 2, startEpoch: 1, epochsPerRound: 3 }, 12)).toEqual([1, 4]);
  });

  it('follows 1 - (1 - f)^(k / rounds)', () => {
    const schedule = createSchedule({ type: 'iterative', finalSparsity: 0.8, rounds: 4, epochsPerRound: 2 });
    [1, 2, 3].forEach((k) => expect(schedule.sparsityAt((k - 1) * 2)).toBeCloseTo(1 - 0.2 ** (k / 4), 12));
    expect(schedule.sparsityAt(6)).toBe(0.8);
    expect(updateEpochs({ type: 'iterative', finalSparsity: 0.8, rounds: 4, epochsPerRound: 2 }, 12)).toEqual([0, 2, 4, 6]);
  });
});

/** One spec of each kind, with and without defaults, and the defaulted form toJSON must give. */
const kinds: [string, ScheduleSpec, ResolvedScheduleSpec, number][] = [
  ['polynomial-decay', { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 },
    { type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.9, startEpoch: 0, endEpoch: 4, frequency: 1, power: 3 }, 4],
  ['one-shot', { type: 'one-shot', sparsity: 0.5 }, { type: 'one-shot', sparsity: 0.5, epoch: 0 }, 0],
  ['iterative', { type: 'iterative', finalSparsity: 0.8, rounds: 4, epochsPerRound: 2 },
    { type: 'iterative', finalSparsity: 0.8, rounds: 4, startEpoch: 0, epochsPerRound: 2 }, 6],
];

describe.each(kinds)('%s contract', (_, spec, resolved, last) => {
  it('toJSON returns the fully-defaulted spec', () => {
    expect(createSchedule(spec).toJSON()).toStrictEqual(resolved);
  });

  it('round-trips: createSchedule(s.toJSON()) behaves identically and serializes identically', () => {
    const original = createSchedule(spec);
    const copy = createSchedule(JSON.parse(JSON.stringify(original.toJSON())) as ScheduleSpec);
    expect(copy.toJSON()).toStrictEqual(original.toJSON());
    for (const e of epochs(12)) {
      expect(copy.sparsityAt(e)).toBe(original.sparsityAt(e));
      expect(copy.updatesAt(e)).toBe(original.updatesAt(e));
    }
  });

  it('hands out copies, so a caller cannot change the schedule through toJSON', () => {
    const schedule = createSchedule(spec);
    (schedule.toJSON() as { type: string }).type = 'changed';
    expect(schedule.toJSON()).toStrictEqual(resolved);
  });

  it('knows its last update epoch', () => {
    expect(lastUpdateEpoch(spec)).toBe(last);
    expect(lastUpdateEpoch(resolved)).toBe(last);
  });

  it('knows its first update epoch, defaulted', () => {
    expect(firstUpdateEpoch(spec)).toBe(0);
    expect(firstUpdateEpoch(resolved)).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN, Infinity])('rejects epoch %s with a RangeError naming it', (epoch) => {
    const schedule = createSchedule(spec);
    const message = `epoch must be a non-negative integer (got ${String(epoch)})`;
    expect(() => schedule.sparsityAt(epoch)).toThrow(new RangeError(message));
    expect(() => schedule.updatesAt(epoch)).toThrow(RangeError);
  });
});

/** A gradient criterion must not update before any training step, so callers need the first update. */
describe('firstUpdateEpoch', () => {
  it.each([
    [{ type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 2, endEpoch: 6 }, 2],
    [{ type: 'one-shot', sparsity: 0.5, epoch: 3 }, 3],
    [{ type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 1, epochsPerRound: 2 }, 1],
  ] as const)('%j first updates at %i, and is dense before', (spec, first) => {
    const schedule = createSchedule(spec);
    expect(firstUpdateEpoch(spec)).toBe(first);
    expect(schedule.updatesAt(first)).toBe(true);
    for (const e of epochs(first)) {
      expect(schedule.updatesAt(e)).toBe(false);
      expect(schedule.sparsityAt(e)).toBe(0);
    }
  });
});

/**
 * Step schedules are the same curves on another clock: TFMOT counts optimizer steps, and a
 * program that calls fit in a loop or trains in a custom loop thinks in steps too.
 */
describe('schedules counted in optimizer steps', () => {
  it('polynomial decay follows the same curve over steps, with `frequency` in steps', () => {
    const schedule = createSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, startStep: 100, endStep: 500, frequency: 100 });
    expect(schedule.unit).toBe('step');
    expect([0, 99, 100, 150, 200, 300, 400, 499, 500, 10_000].map((s) => schedule.sparsityAt(s)))
      .toEqual([0, 0, 0, 0, 0.5203125000000001, 0.7875, 0.8859375, 0.8859375, 0.9, 0.9]);
    expect(Array.from({ length: 600 }, (_, s) => s).filter((s) => schedule.updatesAt(s))).toEqual([100, 200, 300, 400, 500]);
    expect([firstUpdateEpoch(schedule.toJSON()), lastUpdateEpoch(schedule.toJSON())]).toEqual([100, 500]);
  });

  it('one-shot prunes right before step `step`; iterative rounds are stepsPerRound apart', () => {
    const oneShot = createSchedule({ type: 'one-shot', sparsity: 0.5, step: 30 });
    expect([oneShot.sparsityAt(29), oneShot.sparsityAt(30), oneShot.updatesAt(30), oneShot.unit]).toEqual([0, 0.5, true, 'step']);
    const iterative = createSchedule({ type: 'iterative', finalSparsity: 0.75, rounds: 2, startStep: 10, stepsPerRound: 20 });
    expect([9, 10, 29, 30].map((s) => iterative.sparsityAt(s))).toEqual([0, 0.5, 0.5, 0.75]);
    expect(lastUpdateEpoch(iterative.toJSON())).toBe(30);
  });

  it('epoch schedules say so', () => {
    expect(createSchedule({ type: 'one-shot', sparsity: 0.5 }).unit).toBe('epoch');
  });

  it('toJSON gives the step spec with its defaults, and nothing of the epoch form', () => {
    expect(createSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, endStep: 40 }).toJSON()).toStrictEqual({
      type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.9, startStep: 0, endStep: 40, frequency: 1, power: 3,
    });
  });

  it('rejects a fractional step with a RangeError that says step', () => {
    expect(() => createSchedule({ type: 'one-shot', sparsity: 0.5, step: 3 }).sparsityAt(1.5)).toThrow(new RangeError('step must be a non-negative integer (got 1.5)'));
  });
});
