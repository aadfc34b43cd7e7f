import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { rankValue, selectKth } from '../src/select-kth.js';

describe('selectKth', () => {
  it('returns the same value as sorting, for any array and rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (values, r) => {
          const k = r % values.length;
          const sorted = Float32Array.from(values).sort();
          expect(selectKth(Float32Array.from(values), k)).toBe(sorted[k]);
        },
      ),
    );
  });

  it('handles long runs of equal values (pruned zeros) without degrading', () => {
    const values = new Float32Array(100_000);
    values[99_999] = 1;
    expect(selectKth(values, 99_998)).toBe(0);
    expect(selectKth(values, 99_999)).toBe(1);
  });

  it('agrees with sorting on large arrays (the sampled path), and counts what lies below', () => {
    // Large enough for the sample-and-bracket path; runs of -Infinity and ties are what
    // repeated mask updates produce.
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 60_000 }), fc.nat(), fc.integer({ min: 0, max: 3 }), (n, seed, kind) => {
        let state = seed >>> 0;
        const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        const values = Float32Array.from({ length: n }, () => {
          const r = next();
          if (kind === 1 && r < 0.9) return -Infinity;
          if (kind === 2) return Math.floor(r * 50);
          if (kind === 3) return r < 0.5 ? 0 : r;
          return r;
        });
        const original = Float32Array.from(values);
        const sorted = Float32Array.from(values).sort();
        for (const k of [0, Math.floor(n * 0.5), Math.floor(n * 0.9), Math.floor(n * 0.95), n - 1]) {
          const { value, below } = rankValue(values, k);
          expect(value).toBe(sorted[k]);
          expect(below).toBe(sorted.findIndex((v) => v === value));
        }
        expect(values).toEqual(original);
      }),
      { numRuns: 12 },
    );
  });

  it('rejects ranks outside the array', () => {
    expect(() => selectKth(new Float32Array(3), 3)).toThrow('rank 3 is outside [0, 2]');
    expect(() => selectKth(new Float32Array(3), -1)).toThrow('rank -1 is outside [0, 2]');
  });
});
