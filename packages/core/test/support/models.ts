import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Fixed pseudo-random values so tests never depend on initializer randomness. */
export function seededValues(count: number, seed = 1): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    values[i] = (state / 2 ** 32) * 2 - 1;
  }
  return values;
}

/** A tiny MLP with named layers hidden1 (4→6), hidden2 (6→5), logits (5→3), weights seeded. */
export function tinyMlp(seed = 1): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 6, inputShape: [4], activation: 'relu', name: 'hidden1' }),
      tfl.layers.dense({ units: 5, activation: 'relu', name: 'hidden2' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'logits' }),
    ],
  });
  seedWeights(model, seed);
  return model;
}

export function seedWeights(model: tfl.LayersModel, seed = 1): void {
  model.weights.forEach((w, i) => {
    const value = w.read();
    const seeded = tf.tensor(seededValues(value.size, seed + i), value.shape);
    w.write(seeded);
    seeded.dispose();
  });
}

/** A small fixed classification batch for the tiny MLP. */
export function tinyData(count = 32, seed = 7): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.tensor2d(seededValues(count * 4, seed), [count, 4]);
  const labels = Array.from(seededValues(count, seed + 1), (v) => Math.floor(((v + 1) / 2) * 3) % 3);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
  return { x, y };
}

export function zerosOf(tensor: tf.Tensor): number {
  return Array.from(tensor.dataSync()).filter((v) => v === 0).length;
}
