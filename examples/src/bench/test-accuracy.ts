import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Share of `test.x` whose predicted class is `test.y`'s (one-hot); needs no compiled model. */
export async function testAccuracy(model: tfl.LayersModel, test: { readonly x: tf.Tensor; readonly y: tf.Tensor }): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.x, { batchSize: 500 }) as tf.Tensor, -1));
  const labels = tf.tidy(() => tf.argMax(test.y, -1));
  const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(predicted, labels), 'float32')));
  const value = (await correct.data())[0] ?? Number.NaN;
  tf.dispose([predicted, labels, correct]);
  return value / (test.y.shape[0] ?? 1);
}
