import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { PruningBindError, PruningCallback } from '@tfjs-prune/callbacks';
import type { PrunerConfig, PruningConfig } from '@tfjs-prune/schedules';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor) => layer.apply(x) as tfl.SymbolicTensor;

/** conv1 → [BN] → ReLU → conv2 → GAP → logits, compiled with a zero learning rate so weights stay as set. */
function convNet(withBatchNorm: boolean) {
  const input = tfl.input({ shape: [5, 5, 2] });
  let x = apply(L.conv2d({ name: 'conv1', filters: 4, kernelSize: 3, padding: 'same' }), input);
  if (withBatchNorm) x = apply(L.batchNormalization({ name: 'bn' }), x);
  x = apply(L.reLU({ name: 'relu' }), x);
  x = apply(L.conv2d({ name: 'conv2', filters: 3, kernelSize: 3, padding: 'same' }), x);
  x = apply(L.globalAveragePooling2d({}), x);
  const model = tfl.model({ inputs: input, outputs: apply(L.dense({ name: 'logits', units: 2, activation: 'softmax' }), x) });
  model.compile({ optimizer: tf.train.sgd(0), loss: 'categoricalCrossentropy' });
  return model;
}

const pruner = (fields: Partial<PrunerConfig>): PruningConfig =>
  ({ pruners: [{ name: 'p', schedule: { type: 'one-shot', sparsity: 0.5 }, ...fields }] }) as PruningConfig;

function setWeight(model: tfl.LayersModel, layer: string, index: number, values: number[]) {
  const weights = model.getLayer(layer).getWeights();
  const replaced = weights.map((w, i) => (i === index ? tf.tensor(values, w.shape) : w));
  model.getLayer(layer).setWeights(replaced);
  tf.dispose(replaced[index]);
}

async function fitOnce(model: tfl.LayersModel, pruning: PruningCallback) {
  const x = tf.ones([2, 5, 5, 2]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2));
  await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, callbacks: [pruning] });
  tf.dispose([x, y]);
}

describe('criterion "bn-scale" on a real fit', () => {
  it('prunes the channels whose BatchNormalization γ is smallest in magnitude, whatever their filters', async () => {
    const model = convNet(true);
    // Filter 0 has the largest kernel but the smallest |γ|: network slimming prunes it anyway.
    setWeight(model, 'conv1', 0, Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => (i % 4 === 0 ? 10 : 0.1)));
    setWeight(model, 'bn', 0, [0.05, -2, 0.3, 1]);
    const before = tf.memory().numTensors;
    const pruning = new PruningCallback(pruner({ layers: { include: ['conv1'] }, criterion: 'bn-scale', granularity: 'structured' }));
    await fitOnce(model, pruning);
    expect([...model.getLayer('bn').getWeights()[0]!.dataSync()]).toEqual([...Float32Array.from([0, -2, 0, 1])]);
    const kernel = model.getLayer('conv1').getWeights()[0]!.dataSync();
    expect([0, 1, 2, 3].map((c) => kernel.filter((_, i) => i % 4 === c).every((v) => v === 0))).toEqual([true, false, true, false]);
    pruning.strip();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('is a bind error at /pruners/0/criterion, naming the layer, when no BatchNormalization follows a selected layer', () => {
    const model = convNet(false);
    const pruning = new PruningCallback(pruner({ layers: { include: ['conv*'] }, criterion: 'bn-scale', granularity: 'structured' }));
    expect(() => pruning.attach(model)).toThrow(PruningBindError);
    let error: PruningBindError | undefined;
    try { pruning.attach(model); } catch (e) { error = e as PruningBindError; }
    expect(error!.issues).toEqual([
      {
        pointer: '/pruners/0/criterion',
        message: 'pruner "p" has criterion "bn-scale", which cannot score layer "conv1": no BatchNormalization with a scale (gamma) follows its output; ' +
          'add one (scale: true) after it, exclude the layer (layers.exclude), or use another criterion',
      },
      {
        pointer: '/pruners/0/criterion',
        message: 'pruner "p" has criterion "bn-scale", which cannot score layer "conv2": no BatchNormalization with a scale (gamma) follows its output; ' +
          'add one (scale: true) after it, exclude the layer (layers.exclude), or use another criterion',
      },
    ]);
    model.dispose();
  });
});

describe('criterion "lamp" on a real fit', () => {
  /**
   * Global magnitude on these two layers would take all four pruned weights from the small-scale
   * layer; LAMP's per-tensor normalization spreads them: the smallest LAMP scores are the two
   * smallest of each tensor (scores 1/30 and 4/29 in both, since both hold the same values up to scale).
   */
  it('global scope: ranks layers of different scales as equals', async () => {
    const model = tfl.sequential({
      layers: [L.dense({ name: 'a', units: 2, inputShape: [2], useBias: false }), L.dense({ name: 'b', units: 2, useBias: false })],
    });
    model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    setWeight(model, 'a', 0, [0.01, 0.02, 0.03, 0.04]);
    setWeight(model, 'b', 0, [4, 3, 2, 1]);
    const pruning = new PruningCallback(pruner({ criterion: 'lamp', scope: 'global' }));
    const x = tf.ones([2, 2]);
    const y = tf.ones([2, 2]);
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [pruning] });
    tf.dispose([x, y]);
    expect([...model.getLayer('a').getWeights()[0]!.dataSync()].map((v) => +v.toFixed(2))).toEqual([0, 0, 0.03, 0.04]);
    expect([...model.getLayer('b').getWeights()[0]!.dataSync()]).toEqual([4, 3, 0, 0]);
    model.dispose();
  });
});
