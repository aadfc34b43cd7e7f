import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { Predictor } from '../bench/latency.js';

/** float32 rounding differs between a masked and a narrower matmul; anything larger is a wrong model. */
export const PREDICTION_TOLERANCE = 1e-5;

/** Largest |a − b| over the two models' predictions for `x` (softmax outputs). */
export async function maxPredictionDifference(a: Predictor, b: Predictor, x: tf.Tensor, batchSize: number): Promise<number> {
  const difference = tf.tidy(() =>
    tf.max(tf.abs(tf.sub(a.predict(x, { batchSize }) as tf.Tensor, b.predict(x, { batchSize }) as tf.Tensor))),
  );
  const value = (await difference.data())[0] ?? Number.NaN;
  difference.dispose();
  return value;
}

/**
 * Throws unless `difference` is within {@link PREDICTION_TOLERANCE}: a demo that printed a fast
 * table for a model that predicts something else would be worse than no demo.
 */
export function assertSamePredictions(what: string, difference: number, subject = 'the compacted model'): void {
  if (!(difference <= PREDICTION_TOLERANCE)) {
    throw new Error(`${what}: predictions differ by up to ${difference} (allowed ${PREDICTION_TOLERANCE}); ${subject} is not the pruned one`);
  }
}

/** Share of digits whose arg-max prediction is the label; needs no compiled model. */
export async function predictedAccuracy(model: tfl.LayersModel, test: { x: tf.Tensor; y: tf.Tensor }, batchSize: number): Promise<number> {
  const correct = tf.tidy(() =>
    tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(test.x, { batchSize }) as tf.Tensor, -1), tf.argMax(test.y, -1)), 'float32')),
  );
  const value = (await correct.data())[0] ?? Number.NaN;
  correct.dispose();
  return value / (test.y.shape[0] ?? Number.NaN);
}
