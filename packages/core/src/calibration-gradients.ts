import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { TrainingError } from './errors/training-error.js';

/**
 * Gradients of `model`'s compiled loss on one batch, for `variables` only, keyed by variable
 * name: one forward and backward pass, as the optimizer would see it (training mode). The loss
 * is the unweighted sum over outputs of each output's mean loss. The caller disposes the result;
 * `x` and `y` are only read.
 */
export function lossGradients(
  model: tfl.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  variables: readonly tf.Variable[],
): Map<string, tf.Tensor> {
  type WithLosses = { lossFunctions?: tfl.LayersModel['lossFunctions']; model?: WithLosses };
  // A Sequential compiles the functional model it wraps, which holds the losses.
  const withLosses = model as unknown as WithLosses;
  const lossFunctions = withLosses.lossFunctions ?? withLosses.model?.lossFunctions;
  if (lossFunctions === undefined || lossFunctions.length === 0) {
    throw new TrainingError('MODEL_NOT_COMPILED', `model "${model.name}" is not compiled: compile it before computing calibration gradients`);
  }
  const ys = Array.isArray(y) ? y : [y];
  if (ys.length !== lossFunctions.length) {
    throw new TrainingError('CALIBRATION_MISMATCH', `calibration data has ${ys.length} target tensor(s), model "${model.name}" has ${lossFunctions.length} output(s)`);
  }
  const { value, grads } = tf.variableGrads(() => {
    const outputs = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
    const predictions = Array.isArray(outputs) ? outputs : [outputs];
    let loss = tf.scalar(0);
    lossFunctions.forEach((lossFn, i) => {
      loss = tf.add(loss, tf.mean(lossFn(ys[i] as tf.Tensor, predictions[i] as tf.Tensor)));
    });
    return loss as tf.Scalar;
  }, [...variables]);
  value.dispose();
  return new Map(Object.entries(grads));
}
