import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { countMacs } from '@tfjs-prune/core';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';

import { keptChannels } from '../../src/models/channels.js';
import { CNN_MODELS, type CnnName } from '../../src/models/cnn-models.js';

tf.env().set('PROD', true);

const dispose = (model: tfl.LayersModel) => {
  model.optimizer?.dispose();
  model.dispose();
};

describe('CNN builders', () => {
  // Parameters include BatchNormalization's moving statistics; MACs per digit.
  it.each<[CnnName, number, number, number]>([
    ['lenet-5', 1, 44_426, 281_640],
    ['lenet-5', 0.5, 11_418, 92_220],
    // 28²·9·16 + 3 blocks × 2·(28²·9·16²) [= 14²·9·32², 7²·9·64²] + 2 × 14²·9·16·32 + 64·10
    ['resnet', 1, 121_946, 12_757_888],
    ['resnet', 0.5, 31_026, 3_217_856],
    ['mobilenet', 1, 48_858, 4_412_064],
    ['mobilenet', 0.5, 14_770, 1_233_872],
  ])('%s at %s of its channels: %i parameters, %i MACs', async (name, channels, params, macs) => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const model = CNN_MODELS[name].create(1, channels);
    expect(model.countParams()).toBe(params);
    expect(countMacs(model).total).toBe(macs);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    dispose(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('narrows every hidden layer and keeps the 10 outputs', async () => {
    await tf.setBackend('cpu');
    const model = CNN_MODELS.mobilenet.create(1, 0.25);
    const widths = Object.fromEntries(model.layers.map((l) => [l.name, (l.outputShape as number[]).at(-1)]));
    expect(widths).toMatchObject({ stem: 4, block1_expand: 16, block1_depthwise: 16, block1_project: 6, block2_expand: 24, block3_project: 12, head: 32, logits: 10 });
    dispose(model);
  });

  it('keeps at least one channel and refuses fractions outside (0, 1]', () => {
    expect([keptChannels(16, 0.5), keptChannels(6, 0.25), keptChannels(3, 0.1)]).toEqual([8, 2, 1]);
    expect(() => keptChannels(16, 0)).toThrow('channel fraction must be in (0, 1] (got 0)');
    expect(() => keptChannels(16, 1.5)).toThrow('channel fraction must be in (0, 1] (got 1.5)');
  });
});

/** d(Σ output·r)/dw for every trainable weight, BatchNormalization in training mode. */
async function weightGradients(backend: string, name: CnnName, weights: tf.Tensor[] | undefined) {
  await tf.setBackend(backend);
  const model = CNN_MODELS[name].create(5, 0.5);
  if (weights !== undefined) model.setWeights(weights);
  const x = tf.tensor4d(Array.from({ length: 3 * 28 * 28 }, (_, i) => (Math.sin(i * 0.37) + 1) / 2), [3, 28, 28, 1]);
  const r = tf.tensor2d(Array.from({ length: 30 }, (_, i) => Math.cos(i)), [3, 10]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar, variables);
  const result = variables.map((v) => ({ name: v.name, values: grads[v.name]?.dataSync() ?? new Float32Array() }));
  const copied = weights ?? model.getWeights().map((w) => w.clone());
  tf.dispose([value, x, r, ...Object.values(grads)]);
  dispose(model);
  return { result, copied };
}

/**
 * Training on wasm goes through the kernels registered by registerWasmTrainingKernels (convolution
 * and depthwise gradients, Tile): one backward pass through each whole net must agree with the cpu
 * backend's, and must not throw for a missing kernel.
 */
describe('training the CNNs on wasm', () => {
  it.each<CnnName>(['lenet-5', 'resnet', 'mobilenet'])('%s: every weight gradient matches the cpu backend', async (name) => {
    const cpu = await weightGradients('cpu', name, undefined);
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const before = tf.memory().numTensors;
    const wasm = await weightGradients('wasm', name, cpu.copied);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(cpu.copied);
    expect(wasm.result.map((g) => g.values.length)).toEqual(cpu.result.map((g) => g.values.length));
    // A gradient that is zero in exact arithmetic (BN's β before another BN: the shift cancels)
    // is float noise on both backends, so errors are relative to the largest gradient of the net.
    const largest = Math.max(...cpu.result.map((g) => Math.max(...Array.from(g.values, Math.abs))));
    const relativeErrors = wasm.result.map((g, i) => {
      const expected = cpu.result[i]?.values ?? new Float32Array();
      const scale = Math.max(1e-3 * largest, ...Array.from(expected, Math.abs));
      const worst = Math.max(...Array.from(g.values, (v, j) => Math.abs(v - (expected[j] ?? Number.NaN))));
      return { weight: g.name, error: worst / scale };
    });
    expect(relativeErrors.filter((e) => !(e.error < 1e-3))).toEqual([]);
  });
});
