import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { seededValues } from '../../../core/test/support/models.js';

export { seededValues };

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
