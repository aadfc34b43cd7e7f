import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

import { fileSystem } from '@tfjs-prune/core/node';

tf.env().set('PROD', true);
await tf.setBackend('cpu');

/**
 * 4 inputs -> dense "hidden" (3 units) -> dense "logits" (2 units), with weights chosen so the
 * zeros are known: hidden/kernel has 6 of 12 zero, hidden/bias 1 of 3, logits/kernel 0 of 6,
 * logits/bias 2 of 2. Saved as model.json + weights.bin in `dir`.
 */
export async function saveKnownZerosModel(dir: string): Promise<void> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 3, activation: 'relu', name: 'hidden' }),
      tfl.layers.dense({ units: 2, activation: 'softmax', name: 'logits' }),
    ],
  });
  const weights = [
    tf.tensor2d([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6], [4, 3]),
    tf.tensor1d([0, 0.5, 0.25]),
    tf.tensor2d([1, -1, 2, -2, 3, -3], [3, 2]),
    tf.tensor1d([0, 0]),
  ];
  model.setWeights(weights);
  tf.dispose(weights);
  await model.save(fileSystem(dir));
  model.dispose();
}

/**
 * 4 inputs -> dense "hidden" (4 units, relu) -> dense "logits" (2 units), where hidden units 1 and
 * 3 are pruned: unit 1 has a zero kernel column and zero bias (outputs 0), unit 3 a zero kernel
 * column and bias 0.5 (outputs the constant relu(0.5) = 0.5, which compaction must fold into
 * logits' bias). 30 parameters and 24 MACs before compaction, 16 and 12 after.
 */
export async function saveZeroedUnitsModel(dir: string): Promise<void> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 4, activation: 'relu', name: 'hidden' }),
      tfl.layers.dense({ units: 2, name: 'logits' }),
    ],
  });
  const weights = [
    tf.tensor2d([1, 0, -1, 0, 2, 0, 0.5, 0, -0.5, 0, 1, 0, 0.25, 0, 2, 0], [4, 4]),
    tf.tensor1d([0.1, 0, 0.2, 0.5]),
    tf.tensor2d([1, -1, 3, 4, 0.5, 2, -2, 1.5], [4, 2]),
    tf.tensor1d([0.3, -0.3]),
  ];
  model.setWeights(weights);
  tf.dispose(weights);
  await model.save(fileSystem(dir));
  model.dispose();
}

/** 4 → hidden (4 units, linear) → BN (non-trivial moving statistics) → ReLU → logits (2). */
export async function saveBatchNormModel(dir: string): Promise<void> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 4, name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
      tfl.layers.batchNormalization({ name: 'bn' }),
      tfl.layers.reLU({ name: 'relu' }),
      tfl.layers.dense({ units: 2, name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  const statistics = [tf.tensor1d([1.5, 0.5, 2, 1]), tf.tensor1d([0.2, -0.1, 0.3, 0]), tf.tensor1d([0.5, -0.5, 1, 0.1]), tf.tensor1d([2, 0.5, 1, 4])];
  model.getLayer('bn').setWeights(statistics);
  tf.dispose(statistics);
  await model.save(fileSystem(dir));
  model.dispose();
}

/** An untrained classifier for `inputs` features and `classes` classes, saved in `dir`. */
export async function saveClassifier(dir: string, inputs: number, classes: number): Promise<void> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [inputs], units: 8, activation: 'relu', name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: classes, activation: 'softmax', name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  await model.save(fileSystem(dir));
  model.dispose();
}

/** Exact zeros of every weight of a saved model, by weight name. */
export async function zerosOf(dir: string): Promise<Record<string, { size: number; zeros: number }>> {
  const model = await tfl.loadLayersModel(fileSystem(dir));
  const result: Record<string, { size: number; zeros: number }> = {};
  for (const w of model.weights) {
    const values = w.read().dataSync();
    result[w.originalName] = { size: values.length, zeros: values.filter((v) => v === 0).length };
  }
  model.dispose();
  return result;
}

export { tf, tfl };

/**
 * 3 inputs -> "h1" (6 units, relu) -> "h2" (3 units, relu) -> "logits" (3, softmax), built so that
 * with positive inputs it predicts argmax(x) and pruning has known effects. h1's units 0-2 pass
 * x0, x1, x2 on (kernel scale c = 1, 1.2, 1.5, undone by h2's rows 1/c, so unit 0 ranks lowest
 * of the three by l2 magnitude); units 3-5 have 0.1 kernels and zero rows in h2 (useless, ranked
 * lowest). h2's unit k carries class k (its column 1/c_k, so unit 2 ranks lowest, then 1), and
 * logits is 2·identity. Pruning h1's unit 0 loses class 0; pruning h2's unit k loses class k.
 */
export async function saveSensitivityModel(dir: string): Promise<void> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 6, activation: 'relu', name: 'h1' }),
      tfl.layers.dense({ units: 3, activation: 'relu', name: 'h2' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'logits' }),
    ],
  });
  const c = [1, 1.2, 1.5];
  const h1 = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => (row === col ? c[col]! : 0)).concat([0.1, 0.1, 0.1]));
  const h2 = [0, 1, 2, 3, 4, 5].flatMap((row) => [0, 1, 2].map((col) => (row === col ? 1 / c[col]! : 0)));
  const logits = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => (row === col ? 2 : 0)));
  const weights = [tf.tensor2d(h1, [3, 6]), tf.zeros([6]), tf.tensor2d(h2, [6, 3]), tf.zeros([3]), tf.tensor2d(logits, [3, 3]), tf.zeros([3])];
  model.setWeights(weights);
  tf.dispose(weights);
  await model.save(fileSystem(dir));
  model.dispose();
}
