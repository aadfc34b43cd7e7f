import { describe, expect, it } from 'vitest';

import { apportion } from '../../src/data/apportion.js';
import { createRandom } from '../../src/data/index.js';
import { shuffleInPlace } from '../../src/data/shuffle.js';

describe('createRandom', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, createRandom(42));
    expect(Array.from({ length: 1000 }, createRandom(42))).toEqual(a);
    expect(Array.from({ length: 1000 }, createRandom(43))).not.toEqual(a);
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(a.reduce((s, v) => s + v) / a.length).toBeCloseTo(0.5, 1);
  });

  /**
   * Pins the sequence: a change here silently changes every example's data split. The first value
   * is bryc's reference mulberry32(1), 0.6270739405881613.
   */
  it('is mulberry32', () => {
    const random = createRandom(1);
    expect(random()).toBe(0.6270739405881613);
    expect(Math.round(random() * 2 ** 32)).toBe(11749833);
  });
});

describe('shuffleInPlace', () => {
  it('permutes', () => {
    const items = shuffleInPlace(Array.from({ length: 50 }, (_, i) => i), createRandom(3));
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(items).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('apportion', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [2000, [1001, 1127, 991], [642, 723, 635]],
    [0, [5, 5], [0, 0]],
    [7, [0, 7], [0, 7]],
  ])('apportion(%i, %o) = %o', (total, weights, expected) => {
    const shares = apportion(total, weights);
    expect(shares).toEqual(expected);
    expect(shares.reduce((a, b) => a + b)).toBe(total);
  });
});
