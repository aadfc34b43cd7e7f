import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { registerWasmTile, repeatsWholeBlocks } from '../../src/bench/wasm-tile.js';

async function tiled(backend: string, shape: number[], reps: number[], dtype: 'float32' | 'int32') {
  await tf.setBackend(backend);
  const x = tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 3 - 7), shape, dtype);
  const y = tf.tile(x, reps);
  const result = { shape: y.shape, values: Array.from(await y.data()) };
  tf.dispose([x, y]);
  return result;
}

/** BatchNormalization's gradient goes through this kernel on every step of the CNN benchmarks. */
describe('registerWasmTile', () => {
  it.each<[number[], number[], 'float32' | 'int32']>([
    [[1, 1, 1, 5], [2, 3, 4, 1], 'float32'], // the BatchNormalization shape: the fast path
    [[1, 1, 1, 1], [3, 1, 2, 1], 'float32'],
    [[1, 4], [7, 1], 'int32'],
    [[2, 3], [1, 1], 'float32'],
    [[2, 3], [2, 2], 'float32'], // a repeat after data: not a block copy, wasm's own kernel
    [[3, 1], [1, 4], 'int32'],
  ])('tile %j by %j (%s) matches the cpu backend', async (shape, reps, dtype) => {
    await tf.setBackend('wasm');
    registerWasmTile();
    const before = tf.memory().numTensors;
    const wasm = await tiled('wasm', shape, reps, dtype);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm).toEqual(await tiled('cpu', shape, reps, dtype));
  });

  it('takes the copying path only when every repeated axis precedes the data', () => {
    expect(repeatsWholeBlocks([1, 1, 1, 5], [2, 3, 4, 1])).toBe(true);
    expect(repeatsWholeBlocks([1, 1, 1, 1], [3, 1, 2, 1])).toBe(true);
    expect(repeatsWholeBlocks([2, 3], [2, 2])).toBe(false);
    expect(repeatsWholeBlocks([3, 1], [1, 4])).toBe(false);
  });
});
