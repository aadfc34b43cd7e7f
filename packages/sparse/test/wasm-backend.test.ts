import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { sparsify } from '../src/index.js';
import { relativeError, rng } from './support/models.js';

/**
 * On tfjs-backend-wasm, predict reads inputs in place from that backend's memory and hands
 * outputs to tf.tensor as views of our heap (both to avoid large allocations per call). This
 * checks both paths give model.predict's values, and that an output kept from one predict is not
 * overwritten by the next (which reuses the heap).
 */
await tf.setBackend('wasm');
await tf.ready();

function prunedChain(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [12], units: 9, activation: 'relu' }),
      tfl.layers.dense({ units: 6, activation: 'tanh' }),
      tfl.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  const random = rng(12);
  for (const layer of model.layers) {
    const weights = layer.getWeights().map((w, i) => tf.tensor(Float32Array.from({ length: w.size }, () => (i === 0 && random() < 0.8 ? 0 : random() * 2 - 1)), w.shape));
    layer.setWeights(weights);
    tf.dispose(weights);
  }
  return model;
}

describe('on the wasm backend', () => {
  it('in-place input reads and view outputs give model.predict; kept outputs survive later predicts', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const model = prunedChain();
    const sparse = await sparsify(model);
    for (const batch of [1, 5]) {
      const random = rng(batch);
      const x1 = tf.tensor(Float32Array.from({ length: batch * 12 }, () => random() * 4 - 2), [batch, 12]);
      const x2 = tf.tensor(Float32Array.from({ length: batch * 12 }, () => random() * 4 - 2), [batch, 12]);
      const y1 = sparse.predict(x1) as tf.Tensor;
      const y2 = sparse.predict(x2) as tf.Tensor;
      const e1 = model.predict(x1) as tf.Tensor;
      const e2 = model.predict(x2) as tf.Tensor;
      expect(relativeError(e1.dataSync(), y1.dataSync())).toBeLessThanOrEqual(1e-5);
      expect(relativeError(e2.dataSync(), y2.dataSync())).toBeLessThanOrEqual(1e-5);
      expect(Array.from(y1.dataSync())).not.toStrictEqual(Array.from(y2.dataSync()));
      tf.dispose([x1, x2, y1, y2, e1, e2]);
    }
    sparse.dispose();
    model.dispose();
  });
});
