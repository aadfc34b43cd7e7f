import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { selectKth } from '@tfjs-prune/core';

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

  it('rejects ranks outside the array', () => {
    expect(() => selectKth(new Float32Array(3), 3)).toThrow('rank 3 is outside [0, 2]');
    expect(() => selectKth(new Float32Array(3), -1)).toThrow('rank -1 is outside [0, 2]');
  });
});
