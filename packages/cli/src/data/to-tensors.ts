import * as tf from '@tensorflow/tfjs-core';

import { NUM_CLASSES, type Split } from './dataset.js';

/**
 * `x`: `[count, rows * cols]` when `flatten` (dense models), else `[count, rows, cols, 1]`
 * (conv nets); `y`: one-hot float32 `[count, 10]`. The caller owns both and must dispose them.
 * On the cpu backend `x` may share memory with `split.images`, so treat the split as read-only.
 */
export function toTensors(split: Split, options: { flatten: boolean }): { x: tf.Tensor; y: tf.Tensor } {
  const [rows, cols] = split.imageShape;
  return tf.tidy(() => ({
    x: options.flatten
      ? tf.tensor2d(split.images, [split.count, rows * cols])
      : tf.tensor4d(split.images, [split.count, rows, cols, 1]),
    // Chained ops (`.toFloat()`) are not registered by tfjs-core's node entry point.
    y: tf.cast(tf.oneHot(tf.tensor1d(split.labels, 'int32'), NUM_CLASSES), 'float32'),
  }));
}
