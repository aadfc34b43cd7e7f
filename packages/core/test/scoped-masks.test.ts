import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { countZeros, globalMasks, layerMasks, pruneLowest } from '@tfjs-prune/core';

const f32 = (values: number[]) => Float32Array.from(values);

describe('pruneLowest', () => {
  it('prunes the lowest scores, ties broken by position', () => {
    expect([...pruneLowest(f32([0.5, 0.1, 0.3, 0.1, 0.9]), 1)]).toEqual([1, 0, 1, 1, 1]);
    expect([...pruneLowest(f32([0.5, 0.1, 0.3, 0.1, 0.9]), 2)]).toEqual([1, 0, 1, 0, 1]);
    expect([...pruneLowest(f32([0.5, 0.1, 0.3, 0.1, 0.9]), 3)]).toEqual([1, 0, 0, 0, 1]);
    expect([...pruneLowest(f32([2, 2, 2, 2]), 2)]).toEqual([0, 0, 1, 1]);
  });

  it('prunes -Infinity scores first', () => {
    expect([...pruneLowest(f32([0, -Infinity, 0, 0]), 1)]).toEqual([1, 0, 1, 1]);
  });
});

describe('layerMasks', () => {
  it('gives each tensor exactly round(sparsity * size) zeros', () => {
    const [a, b] = layerMasks([{ scores: f32([4, 3, 2, 1]) }, { scores: f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) }], 0.5);
    expect([...a!]).toEqual([1, 1, 0, 0]);
    expect([...b!]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('keeps at least one weight per tensor, even at sparsities that round to all', () => {
    const [mask] = layerMasks([{ scores: f32([0.2, 0.1]) }], 0.99);
    expect([...mask!]).toEqual([1, 0]);
    const [single] = layerMasks([{ scores: f32([0.5]) }], 0.9);
    expect([...single!]).toEqual([1]);
  });

  it('never revives an entry pruned before, even if its score is now the highest', () => {
    const previous = Uint8Array.from([0, 1, 1, 1]);
    const [mask] = layerMasks([{ scores: f32([9, 1, 2, 3]), previous }], 0.5);
    expect([...mask!]).toEqual([0, 0, 1, 1]);
  });

  it('has exactly the promised zeros for random sizes and sparsities, and never regains entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (values, s1, s2) => {
          const scores = f32(values.map(Math.abs));
          const n = scores.length;
          const [low, high] = [Math.min(s1, s2), Math.max(s1, s2)];
          const [first] = layerMasks([{ scores }], low);
          expect(countZeros(first)).toBe(Math.min(Math.round(low * n), n - 1));
          const [second] = layerMasks([{ scores, previous: first }], high);
          expect(countZeros(second)).toBe(Math.max(Math.min(Math.round(high * n), n - 1), countZeros(first)));
          for (let i = 0; i < n; i++) if (first![i] === 0) expect(second![i]).toBe(0);
        },
      ),
    );
  });
});

describe('globalMasks', () => {
  it('ranks all tensors together so the total hits the target', () => {
    const masks = globalMasks([{ scores: f32([0.1, 0.2, 0.3, 5]) }, { scores: f32([1, 2, 3, 4]) }], 0.5);
    expect(masks.map((m) => [...m])).toEqual([
      [0, 0, 0, 1],
      [0, 1, 1, 1],
    ]);
  });

  it('never prunes a tensor to 100%', () => {
    const masks = globalMasks([{ scores: f32([0.01, 0.02, 0.03]) }, { scores: f32([7, 8, 9, 10, 11]) }], 0.5);
    expect(masks.map((m) => [...m])).toEqual([
      [0, 0, 1],
      [0, 0, 1, 1, 1],
    ]);
  });

  it('hits round(sparsity * total) for random tensors and keeps one weight in each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.float({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (tensors, sparsity) => {
          const masks = globalMasks(tensors.map((t) => ({ scores: f32(t) })), sparsity);
          const total = tensors.reduce((s, t) => s + t.length, 0);
          const zeros = masks.reduce((s, m) => s + countZeros(m), 0);
          expect(zeros).toBe(Math.min(Math.round(sparsity * total), total - tensors.length));
          for (const m of masks) expect(countZeros(m)).toBeLessThan(m.length);
        },
      ),
    );
  });
});
