import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers the gradients as a side effect; a test with only tfjs-core does it here.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, it } from 'vitest';

import { tf } from '../support/cpu-backend.js';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';

type Kind = 'conv2d' | 'depthwise';
type Pad = 'same' | 'valid';
type Stride = number | [number, number];

const values = (shape: number[], f: (i: number) => number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), shape);

/** d/dx and d/dw of Σ conv(x, w)·r for a fixed r, on the active backend. */
async function convGrads(kind: Kind, xShape: number[], wShape: number[], stride: Stride, pad: Pad) {
  const x = values(xShape, (i) => Math.sin(i * 0.7)) as tf.Tensor4D;
  const w = values(wShape, (i) => Math.cos(i * 1.3)) as tf.Tensor4D;
  const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => (kind === 'conv2d' ? tf.conv2d(a, b, stride, pad) : tf.depthwiseConv2d(a, b, stride, pad));
  const probe = tf.tidy(() => conv(x, w));
  const r = values(probe.shape, (i) => Math.sin(i * 0.31 + 1));
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]) as [tf.Tensor, tf.Tensor];
  const result = { dx: Array.from(await dx.data()), dw: Array.from(await dw.data()), dxShape: dx.shape, dwShape: dw.shape };
  tf.dispose([x, w, probe, r, dx, dw]);
  return result;
}

const closeTo = (expected: number[]) => expected.map((v) => expect.closeTo(v, 4));

/**
 * Conv nets train on wasm only through these kernels, so each must give the cpu backend's
 * gradients (within 1e-4) for the strides, paddings and depth multipliers layers use, and for
 * odd sizes where 'same' pads unevenly.
 */
describe('registerWasmTrainingKernels: convolution gradients equal the cpu backend', () => {
  afterAll(() => tf.setBackend('cpu'));

  it.each<[Kind, number[], number[], Stride, Pad]>([
    ['conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'],
    ['conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'valid'],
    ['conv2d', [2, 6, 6, 2], [1, 1, 2, 5], 1, 'valid'],
    ['conv2d', [2, 7, 7, 3], [3, 3, 3, 4], 2, 'same'],
    ['conv2d', [2, 8, 8, 3], [3, 3, 3, 2], 2, 'valid'],
    ['conv2d', [1, 9, 8, 2], [5, 5, 2, 3], 2, 'same'],
    ['conv2d', [1, 7, 9, 2], [3, 2, 2, 3], [2, 1], 'same'],
    ['depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 1, 'same'],
    ['depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 1, 'valid'],
    ['depthwise', [2, 7, 7, 4], [3, 3, 4, 1], 2, 'same'],
    ['depthwise', [2, 8, 8, 3], [3, 3, 3, 1], 2, 'same'],
    ['depthwise', [1, 9, 8, 2], [3, 3, 2, 1], 2, 'valid'],
    ['depthwise', [2, 6, 6, 2], [3, 3, 2, 2], 1, 'same'],
    ['depthwise', [2, 7, 7, 3], [3, 3, 3, 3], 2, 'same'],
    ['depthwise', [1, 8, 7, 2], [2, 3, 2, 2], [1, 2], 'valid'],
  ])('%s x%j w%j stride %j %s', async (kind, xShape, wShape, stride, pad) => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const before = tf.memory().numTensors;
    const dataIdsBefore = tf.engine().backend.numDataIds();
    const wasm = await convGrads(kind, xShape, wShape, stride, pad);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore);
    await tf.setBackend('cpu');
    const cpu = await convGrads(kind, xShape, wShape, stride, pad);
    expect(wasm.dxShape).toStrictEqual(xShape);
    expect(wasm.dwShape).toStrictEqual(wShape);
    expect(wasm.dx).toStrictEqual(closeTo(cpu.dx));
    expect(wasm.dw).toStrictEqual(closeTo(cpu.dw));
  });

  it('a dilated depthwise filter gradient (which tfjs gradients never ask for) reaches the cpu kernel and is right', async () => {
    const call = async () => {
      const x = values([1, 7, 7, 2], (i) => Math.sin(i));
      const dy = values([1, 3, 3, 2], (i) => Math.cos(i));
      const attrs = { strides: 1, pad: 'valid', dilations: 2, filterShape: [3, 3, 2, 1] } as unknown as tf.NamedAttrMap;
      const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs) as tf.Tensor;
      const out = Array.from(await dw.data());
      tf.dispose([x, dy, dw]);
      return out;
    };
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const wasm = await call();
    await tf.setBackend('cpu');
    expect(wasm).toStrictEqual(closeTo(await call()));
  });
});

describe('registerWasmTrainingKernels: the Tile of BatchNormalization gradients', () => {
  afterAll(() => tf.setBackend('cpu'));

  async function tiled(backend: string, shape: number[], reps: number[], dtype: 'float32' | 'int32') {
    await tf.setBackend(backend);
    const x = tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 3 - 7), shape, dtype);
    const y = tf.tile(x, reps);
    const result = { shape: y.shape, values: Array.from(await y.data()) };
    tf.dispose([x, y]);
    return result;
  }

  it.each<[number[], number[], 'float32' | 'int32']>([
    [[1, 1, 1, 5], [2, 3, 4, 1], 'float32'], // the BatchNormalization shape: the block copy
    [[1, 1, 1, 1], [3, 1, 2, 1], 'float32'],
    [[1, 4], [7, 1], 'int32'],
    [[2, 3], [2, 2], 'float32'], // a repeat after data: wasm's own kernel
    [[3, 1], [1, 4], 'int32'],
  ])('tile %j by %j (%s) equals the cpu backend', async (shape, reps, dtype) => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const before = tf.memory().numTensors;
    const wasm = await tiled('wasm', shape, reps, dtype);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm).toStrictEqual(await tiled('cpu', shape, reps, dtype));
  });
});

describe('registerWasmTrainingKernels: registration', () => {
  it('is idempotent: a second call keeps every kernel of the first', async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const names = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Tile'];
    const first = names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    expect(first.every((f) => f !== undefined)).toBe(true);
    registerWasmTrainingKernels();
    expect(names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc)).toStrictEqual(first);
    await tf.setBackend('cpu');
  });
});
