import type { Split } from '../data/index.js';

/** Images `from` (inclusive) to `to` (exclusive) of a split, sharing its arrays. */
export function splitRange(split: Split, from: number, to: number): Split {
  const size = split.imageShape[0] * split.imageShape[1];
  return { ...split, images: split.images.subarray(from * size, to * size), labels: split.labels.subarray(from, to), count: to - from };
}
