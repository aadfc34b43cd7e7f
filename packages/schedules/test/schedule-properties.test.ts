import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSchedule, firstUpdateEpoch, lastUpdateEpoch, type ResolvedScheduleSpec } from '@tfjs-prune/schedules';

/*
 * The step-function contract, over random valid specs of every kind. The expected update epochs
 * are computed here from the definitions, independently of the implementation.
 */

const sparsity = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const epoch = fc.integer({ min: 0, max: 20 });
const positive = (max: number) => fc.integer({ min: 1, max });

const polynomialDecay = fc
  .record({ final: sparsity, ratio: fc.double({ min: 0, max: 1, noNaN: true }), start: epoch, span: positive(30), frequency: positive(10), power: fc.double({ min: 0.1, max: 6, noNaN: true }) })
  .map(({ final, ratio, start, span, frequency, power }): ResolvedScheduleSpec => ({
    type: 'polynomial-decay', initialSparsity: final * ratio, finalSparsity: final, startEpoch: start, endEpoch: start + span, frequency, power,
  }));
const oneShot = fc.record({ sparsity, epoch }).map((f): ResolvedScheduleSpec => ({ type: 'one-shot', ...f }));
const iterative = fc
  .record({ finalSparsity: sparsity, rounds: positive(12), startEpoch: epoch, epochsPerRound: positive(5) })
  .map((f): ResolvedScheduleSpec => ({ type: 'iterative', ...f }));

/** The same spec counted in optimizer steps: every epoch field renamed to its step twin. */
const stepTwin: Record<string, string> = { startEpoch: 'startStep', endEpoch: 'endStep', epoch: 'step', epochsPerRound: 'stepsPerRound' };
const inSteps = (spec: ResolvedScheduleSpec): ResolvedScheduleSpec =>
  Object.fromEntries(Object.entries(spec).map(([key, value]) => [stepTwin[key] ?? key, value])) as unknown as ResolvedScheduleSpec;

interface Expected { updates: Set<number>; last: number; final: number }

/** Reads either clock's fields: the definitions do not depend on the unit. */
function expectedOf(written: ResolvedScheduleSpec): Expected {
  const f = written as unknown as Record<string, number>;
  const pick = (epochKey: string): number => (f[epochKey] ?? f[stepTwin[epochKey]!]) as number;
  switch (written.type) {
    case 'polynomial-decay': {
      const [start, end] = [pick('startEpoch'), pick('endEpoch')];
      const updates = new Set([end]);
      for (let e = start; e <= end; e += written.frequency) updates.add(e);
      return { updates, last: end, final: written.finalSparsity };
    }
    case 'one-shot':
      return { updates: new Set([pick('epoch')]), last: pick('epoch'), final: written.sparsity };
    case 'iterative': {
      const updates = new Set(Array.from({ length: written.rounds }, (_, k) => pick('startEpoch') + k * pick('epochsPerRound')));
      return { updates, last: Math.max(...updates), final: written.finalSparsity };
    }
  }
}

describe.each([
  ['polynomial-decay', polynomialDecay],
  ['one-shot', oneShot],
  ['iterative', iterative],
  ['polynomial-decay in steps', polynomialDecay.map(inSteps)],
  ['one-shot in steps', oneShot.map(inSteps)],
  ['iterative in steps', iterative.map(inSteps)],
])('%s properties', (_, specs) => {
  it('is a non-decreasing step function in [0, final] that changes only at update epochs', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const schedule = createSchedule(spec);
        const { updates, last, final } = expectedOf(spec);
        let previous = 0; // the sparsity before any update
        for (let e = 0; e <= last + 5; e++) {
          const current = schedule.sparsityAt(e);
          expect(schedule.updatesAt(e)).toBe(updates.has(e));
          expect(current).toBeGreaterThanOrEqual(previous);
          expect(current).toBeGreaterThanOrEqual(0);
          expect(current).toBeLessThanOrEqual(final);
          if (current !== previous) expect(updates.has(e)).toBe(true);
          if (e >= last) expect(current).toBe(final);
          previous = current;
        }
      }),
    );
  });

  it('names its first and last update epochs', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const { updates, last } = expectedOf(spec);
        expect(firstUpdateEpoch(spec)).toBe(Math.min(...updates));
        expect(lastUpdateEpoch(spec)).toBe(last);
      }),
    );
  });

  it('round-trips through toJSON', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        expect(createSchedule(createSchedule(spec).toJSON()).toJSON()).toStrictEqual(spec);
      }),
    );
  });
});
