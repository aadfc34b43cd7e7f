import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Fixed pseudo-random values in [-1, 1) so tests never depend on initializer randomness. */
export function seededValues(count: number, seed = 1): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    values[i] = (state / 2 ** 32) * 2 - 1;
  }
  return values;
}

/** Seeds every weight; BN moving variances stay positive so normalization is well defined. */
export function seedWeights(model: tfl.LayersModel, seed = 1): void {
  model.weights.forEach((w, i) => {
    const raw = seededValues(w.read().size, seed + i);
    const values = w.originalName.endsWith('moving_variance') ? raw.map((v) => 0.5 + Math.abs(v)) : raw;
    const seeded = tf.tensor(values, w.read().shape);
    w.write(seeded);
    seeded.dispose();
  });
}
