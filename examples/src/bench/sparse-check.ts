import * as tf from '@tensorflow/tfjs-core';

import type { Predictor } from './latency.js';

/** The equality bound: float32 rounding, relative to the largest output value. */
export const SPARSE_TOLERANCE = 1e-5;

/**
 * Largest |model − sparse| over every output for `x`, divided by the largest |model output|
 * (1 when all outputs are 0): what `sparsify` promises to keep within {@link SPARSE_TOLERANCE}.
 */
export function relativeDifference(model: Predictor, sparse: Predictor, x: tf.Tensor): number {
  return tf.tidy(() => {
    const list = (o: tf.Tensor | tf.Tensor[]) => (Array.isArray(o) ? o : [o]);
    const expected = list(model.predict(x, { batchSize: x.shape[0] }));
    const actual = list(sparse.predict(x, { batchSize: x.shape[0] }));
    if (expected.length !== actual.length) return Number.POSITIVE_INFINITY;
    let worst = 0;
    expected.forEach((e, i) => {
      const a = actual[i] as tf.Tensor;
      if (a.shape.join() !== e.shape.join()) {
        worst = Number.POSITIVE_INFINITY;
        return;
      }
      const peak = tf.max(tf.abs(e)).dataSync()[0] ?? 0;
      const scale = peak > 0 ? peak : 1;
      worst = Math.max(worst, (tf.max(tf.abs(tf.sub(e, a))).dataSync()[0] ?? Number.POSITIVE_INFINITY) / scale);
    });
    return worst;
  });
}

/** Refuses to time a sparse model that predicts something else: its speed would mean nothing. */
export function assertSameOutputs(what: string, difference: number): void {
  if (!(difference <= SPARSE_TOLERANCE)) {
    throw new Error(`${what}: sparse predictions differ from model.predict by ${difference} of the output scale (allowed ${SPARSE_TOLERANCE})`);
  }
}
