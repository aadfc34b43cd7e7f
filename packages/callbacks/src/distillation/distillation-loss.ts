import * as tf from '@tensorflow/tfjs-core';

import { DistillationError } from './distillation-error.js';

export interface DistillationLossArgs {
  /** Softens both distributions: p^(1/T), renormalized. Must be > 0. Defaults to 4. */
  readonly temperature?: number;
}

/** Probabilities are clipped to this before the logarithm, as tfjs's own cross-entropy does. */
const EPSILON = 1e-7;

/**
 * The soft-target term of knowledge distillation (Hinton et al. 2015, "Distilling the Knowledge
 * in a Neural Network"), per example: T² · KL(p_T ‖ q_T), where p are the teacher's and q the
 * student's predicted probabilities and x_T = softmax(log x / T). The T² keeps its gradients on
 * the scale of the hard loss whatever the temperature. Both arguments are probabilities (softmax
 * outputs), `yTrue` the teacher's, `yPred` the student's; a model whose output is logits should
 * end in a softmax for distillation. Use it as a loss with `model.compile` when the targets are
 * the teacher's predictions, or let {@link fitWithDistillation} mix it with the hard labels.
 */
export function distillationLoss(args: DistillationLossArgs = {}): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  const temperature = args.temperature ?? 4;
  if (!(typeof temperature === 'number' && temperature > 0 && Number.isFinite(temperature))) {
    throw new DistillationError('DISTILLATION_INVALID_OPTION', `distillation temperature must be a finite number > 0 (got ${String(temperature)})`);
  }
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const soften = (p: tf.Tensor) => tf.logSoftmax(tf.div(tf.log(tf.clipByValue(p, EPSILON, 1)), temperature));
      const logP = soften(yTrue);
      const logQ = soften(yPred);
      const kl = tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), -1);
      return tf.mul(kl, temperature * temperature);
    });
}
