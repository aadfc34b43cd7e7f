import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { countZeros } from '../src/count-zeros.js';
import { globalMasks, layerMasks } from '../src/scoped-masks.js';
import { pruneLowest } from '../src/rank-mask.js';

import { countForSize } from '../src/rank-mask.js';

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

describe('degenerate tensors', () => {
  it('an empty tensor gets an empty mask, in either scope, and does not disturb the others', () => {
    expect(layerMasks([{ scores: f32([]) }], 0.9).map((m) => [...m])).toEqual([[]]);
    const masks = globalMasks([{ scores: f32([]) }, { scores: f32([3, 1, 2, 4]) }], 0.5);
    expect(masks.map((m) => [...m])).toEqual([[], [1, 0, 0, 1]]);
  });

  it('sparsity 0 prunes nothing; a size-1 tensor is never pruned', () => {
    expect([...layerMasks([{ scores: f32([1, 2, 3]) }], 0)[0]!]).toEqual([1, 1, 1]);
    expect(globalMasks([{ scores: f32([0.1]) }, { scores: f32([5, 6]) }], 0.99).map((m) => [...m])).toEqual([[1], [0, 1]]);
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

describe('globalMasks options', () => {
  /**
   * Normalizing matters when layers score on different scales: raw, the small-scaled tensor
   * loses all it can; divided by their means (2.5 and 25) both tensors score 0.4, 0.8, 1.2, 1.6
   * and lose equally (ties: the earlier position first).
   */
  it('normalize "layer" divides each tensor by its mean score and changes who is pruned', () => {
    const tensors = [{ scores: f32([1, 2, 3, 4]) }, { scores: f32([10, 20, 30, 40]) }];
    expect(globalMasks(tensors, 0.5).map((m) => [...m])).toEqual([
      [0, 0, 0, 1],
      [0, 1, 1, 1],
    ]);
    expect(globalMasks(tensors, 0.5, { normalize: 'layer' }).map((m) => [...m])).toEqual([
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
  });

  it('normalize ignores entries already pruned when taking the mean', () => {
    // The first tensor's mean without its pruned 0 is 3 (scores 0.67, 1, 1.33), with it 2.25
    // (0.89, 1.33, 1.78); the second's is 10 (0.8, 1.35, 1.1, 0.75). The fifth entry to go is
    // the first tensor's 3 (1 < 1.1); averaging over the pruned 0 too would pick the 11 instead.
    const previous = Uint8Array.from([0, 1, 1, 1]);
    const masks = globalMasks([{ scores: f32([0, 2, 3, 4]), previous }, { scores: f32([8, 13.5, 11, 7.5]) }], 0.625, {
      normalize: 'layer',
    });
    expect(masks.map((m) => [...m])).toEqual([
      [0, 0, 0, 1],
      [0, 1, 1, 0],
    ]);
  });

  it('maxLayerSparsity caps every tensor, and the others make up the total', () => {
    const tensors = [{ scores: f32([1, 2, 3, 4]) }, { scores: f32([10, 20, 30, 40]) }];
    // Uncapped the first tensor loses 3 of 4; capped at 50% it loses 2 and the second 2.
    expect(globalMasks(tensors, 0.5, { maxLayerSparsity: 0.5 }).map((m) => [...m])).toEqual([
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
  });

  it('never exceeds maxLayerSparsity, and reaches the total when the caps allow it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.float({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        fc.boolean(),
        (tensors, sparsity, cap, normalize) => {
          const masks = globalMasks(
            tensors.map((t) => ({ scores: f32(t) })),
            sparsity,
            { maxLayerSparsity: cap, normalize: normalize ? 'layer' : 'none' },
          );
          const allowed = tensors.map((t) => Math.min(Math.floor(cap * t.length + 1e-9), t.length - 1));
          masks.forEach((m, i) => expect(countZeros(m)).toBeLessThanOrEqual(allowed[i]!));
          const total = tensors.reduce((s, t) => s + t.length, 0);
          const zeros = masks.reduce((s, m) => s + countZeros(m), 0);
          expect(zeros).toBe(Math.min(Math.round(sparsity * total), allowed.reduce((a, b) => a + b, 0)));
        },
      ),
    );
  });
});

describe('sized entries (blocks whose edge blocks are partial)', () => {
  it('countForSize picks the count whose pruned size is nearest the target, or at most it', () => {
    const scores = f32([1, 2, 3, 4]);
    const sizes = Uint32Array.from([4, 1, 4, 2]);
    // Prefix sizes in score order: 4, 5, 9, 11.
    expect(countForSize(scores, sizes, 6, { min: 0, max: 3, mode: 'nearest' })).toBe(2);
    expect(countForSize(scores, sizes, 8, { min: 0, max: 3, mode: 'nearest' })).toBe(3);
    expect(countForSize(scores, sizes, 8, { min: 0, max: 3, mode: 'atMost' })).toBe(2);
    expect(countForSize(scores, sizes, 100, { min: 0, max: 3, mode: 'nearest' })).toBe(3);
    expect(countForSize(scores, sizes, 0, { min: 1, max: 3, mode: 'nearest' })).toBe(1);
    expect(countForSize(scores, Uint32Array.from([4, 4, 4, 4]), 6, { min: 0, max: 3, mode: 'nearest' })).toBe(2);
  });

  it('layer and global scopes count weights when entries carry sizes', () => {
    const sizes = Uint32Array.from([4, 1, 4, 2]);
    expect([...layerMasks([{ scores: f32([1, 2, 3, 4]), sizes }], 0.5)[0]!]).toEqual([0, 0, 1, 1]);
    const masks = globalMasks(
      [
        { scores: f32([1, 5]), sizes: Uint32Array.from([2, 2]) },
        { scores: f32([2, 3, 9]), sizes: Uint32Array.from([4, 4, 1]) },
      ],
      0.5,
    );
    // 13 weights, target 7 (6.5 rounds up): the lowest are 1 (2 weights), 2 (4), 3 (4): 6 or 10: 6.
    expect(masks.map((m) => [...m])).toEqual([[0, 1], [0, 1, 1]]);
  });
});
