import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// Gradients are registered by this side-effect import (tfjs-layers does the same).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { registerWasmConv2dFilterGrad } from '../../src/bench/wasm-conv2d-filter-grad.js';

/** LeNet-5 trains on wasm only through this kernel, so it must match the cpu backend's own. */
describe('registerWasmConv2dFilterGrad', () => {
  const filterGrad = async (backend: string, pad: 'same' | 'valid') => {
    await tf.setBackend(backend);
    const x = tf.tensor4d(Array.from({ length: 2 * 7 * 7 * 3 }, (_, i) => Math.sin(i)), [2, 7, 7, 3]);
    const w = tf.zeros([3, 3, 3, 4]) as tf.Tensor4D;
    const outShape = pad === 'same' ? [2, 7, 7, 4] : [2, 5, 5, 4];
    const dy = tf.tensor(Array.from({ length: outShape.reduce((a, b) => a * b) }, (_, i) => Math.cos(i)), outShape);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, v as tf.Tensor4D, 1, pad), dy)))(w);
    const values = await grad.data();
    tf.dispose([x, w, dy, grad]);
    return values;
  };

  it.each(['same', 'valid'] as const)('matches the cpu backend with %s padding', async (pad) => {
    await tf.setBackend('wasm');
    registerWasmConv2dFilterGrad();
    const wasm = await filterGrad('wasm', pad);
    const cpu = await filterGrad('cpu', pad);
    expect(wasm.length).toBe(3 * 3 * 3 * 4);
    wasm.forEach((v, i) => expect(v).toBeCloseTo(cpu[i] as number, 3));
  });

  it('refuses strides it cannot compute instead of returning wrong numbers', async () => {
    await tf.setBackend('wasm');
    registerWasmConv2dFilterGrad();
    const x = tf.ones([1, 6, 6, 1]) as tf.Tensor4D;
    expect(() => tf.grad((v: tf.Tensor) => tf.sum(tf.conv2d(x, v as tf.Tensor4D, 2, 'valid')))(tf.ones([3, 3, 1, 1]))).toThrow(/stride 1/);
  });
});
