import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { type Split, toTensors } from '../../src/data/index.js';

const split: Split = {
  images: Float32Array.from({ length: 3 * 12 }, (_, i) => i / 36),
  labels: Uint8Array.from([2, 0, 9]),
  count: 3,
  imageShape: [3, 4, 1],
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('toTensors', () => {
  it('flattens for dense models', () => {
    const { x, y } = toTensors(split, { flatten: true });
    expect(x.shape).toEqual([3, 12]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([3, 10]);
    expect(y.dtype).toBe('float32');
    expect(Array.from(tf.argMax(y, 1).dataSync())).toEqual([2, 0, 9]);
    expect(x.dataSync()[13]).toBeCloseTo(13 / 36, 6);
    tf.dispose([x, y]);
  });

  it('keeps [rows, cols, 1] for conv nets', () => {
    const { x, y } = toTensors(split, { flatten: false });
    expect(x.shape).toEqual([3, 3, 4, 1]);
    expect(Array.from(tf.sum(y, 1).dataSync())).toEqual([1, 1, 1]);
    tf.dispose([x, y]);
  });

  it('leaves nothing behind once the caller disposes x and y', () => {
    const before = tf.memory().numTensors;
    const { x, y } = toTensors(split, { flatten: true });
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
