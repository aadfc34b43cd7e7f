import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// Gradients are registered by this side-effect import (tfjs-layers does the same).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { type ConvAttrs, registerWasmConvGrads, usesFastPath } from '../../src/bench/wasm-conv-grads.js';

type Pad = 'same' | 'valid';
const values = (shape: number[], f: (i: number) => number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => f(i)), shape);

/** d/dx and d/dw of Σ conv(x, w)·r for a fixed r, on the current backend. */
async function convGrads(kind: 'conv2d' | 'depthwise', xShape: number[], wShape: number[], stride: number, pad: Pad) {
  const x = values(xShape, (i) => Math.sin(i * 0.7)) as tf.Tensor4D;
  const w = values(wShape, (i) => Math.cos(i * 1.3)) as tf.Tensor4D;
  const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => (kind === 'conv2d' ? tf.conv2d(a, b, stride, pad) : tf.depthwiseConv2d(a, b, stride, pad));
  const probe = tf.tidy(() => conv(x, w));
  const r = values(probe.shape, (i) => Math.sin(i * 0.31 + 1));
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]) as [tf.Tensor, tf.Tensor];
  const result = { dx: await dx.data(), dw: await dw.data(), dxShape: dx.shape, dwShape: dw.shape };
  tf.dispose([x, w, probe, r, dx, dw]);
  return result;
}

/**
 * The ResNet- and MobileNet-style benchmark nets train on wasm only through these kernels, so
 * each must give the cpu backend's gradients for every stride and padding the nets use (and a
 * few they don't: odd sizes, where 'same' pads unevenly).
 */
describe('registerWasmConvGrads', () => {
  it.each<['conv2d' | 'depthwise', number[], number[], number, Pad]>([
    ['conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'],
    ['conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'valid'],
    ['conv2d', [2, 6, 6, 2], [1, 1, 2, 5], 1, 'valid'],
    ['conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 2, 'same'],
    ['conv2d', [2, 8, 8, 3], [3, 3, 3, 2], 2, 'valid'],
    ['conv2d', [1, 9, 8, 2], [5, 5, 2, 3], 2, 'same'],
    ['depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 1, 'same'],
    ['depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 1, 'valid'],
    ['depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 2, 'same'],
    ['depthwise', [2, 8, 8, 3], [3, 3, 3, 1], 2, 'same'],
    ['depthwise', [1, 9, 8, 2], [3, 3, 2, 1], 2, 'valid'],
    // Depth multiplier 2 is not a fast path: it must reach the cpu kernel and still be right.
    ['depthwise', [2, 6, 6, 2], [3, 3, 2, 2], 1, 'same'],
  ])('%s x%j w%j stride %i %s matches the cpu backend', async (kind, xShape, wShape, stride, pad) => {
    await tf.setBackend('wasm');
    registerWasmConvGrads();
    const before = tf.memory().numTensors;
    const wasm = await convGrads(kind, xShape, wShape, stride, pad);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const cpu = await convGrads(kind, xShape, wShape, stride, pad);
    expect(wasm.dxShape).toEqual(xShape);
    expect(wasm.dwShape).toEqual(wShape);
    expect(Array.from(wasm.dx)).toEqual(Array.from(cpu.dx).map((v) => expect.closeTo(v, 4)));
    expect(Array.from(wasm.dw)).toEqual(Array.from(cpu.dw).map((v) => expect.closeTo(v, 4)));
  });

  it('frees every intermediate on the wasm heap', async () => {
    await tf.setBackend('wasm');
    registerWasmConvGrads();
    await convGrads('depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 2, 'same');
    const before = tf.engine().backend.numDataIds();
    await convGrads('depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 2, 'same');
    await convGrads('conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 2, 'same');
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });

  it('registers once: a second call keeps the first registration', async () => {
    await tf.setBackend('wasm');
    registerWasmConvGrads();
    const first = tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc;
    registerWasmConvGrads();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(first);
  });
});

describe('usesFastPath', () => {
  it.each<[string, Record<string, unknown>, number[] | undefined, boolean]>([
    ['Conv2DBackpropFilter', { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 4] }, undefined, true],
    ['Conv2DBackpropInput', { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [1, 5, 5, 2] }, [3, 3, 2, 4], true],
    ['DepthwiseConv2dNativeBackpropFilter', { strides: 2, pad: 'same', dilations: 1, filterShape: [3, 3, 4, 1] }, undefined, true],
    ['DepthwiseConv2dNativeBackpropInput', { strides: 1, pad: 'same', dilations: [1, 1], inputShape: [1, 5, 5, 4] }, [3, 3, 4, 1], true],
    ['DepthwiseConv2dNativeBackpropFilter', { strides: 1, pad: 'same', filterShape: [3, 3, 4, 2] }, undefined, false],
    ['DepthwiseConv2dNativeBackpropInput', { strides: 1, pad: 'same', dilations: 2, inputShape: [1, 5, 5, 4] }, [3, 3, 4, 1], false],
    ['Conv2DBackpropFilter', { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 4] }, undefined, false],
  ])('%s %j → fast path %s', (kernel, attrs, filterShape, fast) => {
    const filter = filterShape === undefined ? {} : { filter: { dataId: {}, shape: filterShape, dtype: 'float32' as const } };
    expect(usesFastPath(kernel, filter, attrs as unknown as ConvAttrs)).toBe(fast);
  });
});
