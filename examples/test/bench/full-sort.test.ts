import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { pruneLowest } from '@tfjs-prune/core/internal';

import { sortPruneLowest } from '../../src/bench/full-sort.js';

/** The scaling benchmark compares times, so the baseline must do exactly the same job as core. */
describe('sortPruneLowest (the full-sort baseline)', () => {
  it('gives the same mask as core pruneLowest, ties and -Infinity included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(-Infinity), fc.float({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (values, k) => {
          const scores = Float32Array.from(values);
          const n = Math.min(k, scores.length + 1);
          expect(sortPruneLowest(scores, n)).toEqual(pruneLowest(scores, n));
        },
      ),
    );
  });

  it('prunes exactly count entries, the earliest of tied scores first', () => {
    expect([...sortPruneLowest(Float32Array.of(2, 1, 1, 3, 1), 2)]).toEqual([1, 0, 0, 1, 1]);
    expect([...sortPruneLowest(Float32Array.of(2, 1), 0)]).toEqual([1, 1]);
    expect([...sortPruneLowest(Float32Array.of(2, 1), 5)]).toEqual([0, 0]);
  });
});
