import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { DistillationError } from './distillation-error.js';
import { distillationLoss } from './distillation-loss.js';

export interface DistillationArgs extends Omit<tfl.ModelFitArgs, 'validationData' | 'validationSplit'> {
  /** Weight of the teacher's soft targets; the hard labels get 1 − alpha. In [0, 1]. Defaults to 0.5. */
  readonly alpha?: number;
  /** Softening temperature of both distributions (see `distillationLoss`). Defaults to 4. */
  readonly temperature?: number;
  /** The hard-label loss, per example. Defaults to categorical cross-entropy (`tf.metrics.categoricalCrossentropy`). */
  readonly loss?: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  /** Batch size of the teacher's predictions. Defaults to `batchSize`, else 32. */
  readonly teacherBatchSize?: number;
}

/**
 * `student.fit(x, y, args)` with the teacher's soft targets mixed into the loss:
 * (1 − alpha) · loss(y, q) + alpha · T² · KL(p_T ‖ q_T), p the teacher's predictions on `x`
 * (computed once, before training; the teacher is typically the dense model before pruning),
 * q the student's. Trains the student's own weights with the student's own optimizer (compile
 * it first), so a `PruningCallback` in `args.callbacks`, attached to the student, prunes and
 * enforces its masks exactly as in a plain fit. alpha = 0 is a plain fit.
 *
 * ```ts
 * const teacher = await tf.loadLayersModel('file://dense/model.json');
 * pruning.attach(student);
 * await fitWithDistillation(student, teacher, x, y, { alpha: 0.5, temperature: 4, epochs: 6, callbacks: [pruning] });
 * ```
 *
 * Training runs on a wrapper model with two outputs (the student's output, twice) sharing the
 * student's layers, so `model.fit` does the batching, shuffling and callbacks; validation data
 * is not supported (evaluate the student afterwards).
 */
export async function fitWithDistillation(
  student: tfl.LayersModel,
  teacher: tfl.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor,
  args: DistillationArgs = {},
): Promise<tfl.History> {
  const { alpha = 0.5, temperature = 4, loss = tfl.metrics.categoricalCrossentropy, teacherBatchSize, ...fitArgs } = args;
  if (!(typeof alpha === 'number' && alpha >= 0 && alpha <= 1)) {
    throw new DistillationError('DISTILLATION_INVALID_OPTION', `distillation alpha must be a number in [0, 1] (got ${String(alpha)})`);
  }
  const soft = distillationLoss({ temperature });
  const optimizer = student.optimizer as tf.Optimizer | undefined | null;
  if (optimizer === undefined || optimizer === null) {
    throw new DistillationError('DISTILLATION_NOT_COMPILED', `fitWithDistillation: compile the student "${student.name}" first; its optimizer trains it`);
  }
  const [studentOutput] = student.outputs;
  if (student.outputs.length !== 1 || teacher.outputs.length !== 1 || studentOutput === undefined) {
    throw new DistillationError('DISTILLATION_SHAPE_MISMATCH', 'fitWithDistillation: the student and the teacher must each have one output');
  }
  const softTargets = teacher.predict(x, { batchSize: teacherBatchSize ?? fitArgs.batchSize ?? 32 }) as tf.Tensor;
  try {
    const expected = studentOutput.shape.slice(1);
    if (softTargets.shape.slice(1).join(',') !== expected.join(',')) {
      throw new DistillationError(
        'DISTILLATION_SHAPE_MISMATCH',
        `fitWithDistillation: the teacher predicts shape [${softTargets.shape.join(', ')}] but the student's output is [batch, ${expected.join(', ')}]`,
      );
    }
    // The same tensor twice, the second through an identity layer: one output per loss.
    const softOutput = tfl.layers.activation({ activation: 'linear', name: `${student.name}_distilled` }).apply(studentOutput) as tfl.SymbolicTensor;
    const wrapper = tfl.model({ inputs: student.inputs, outputs: [studentOutput, softOutput] });
    // tfjs-layers has no lossWeights: the weights go into the two losses.
    const hard = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.tidy(() => tf.mul(loss(yTrue, yPred), 1 - alpha));
    const weightedSoft = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.tidy(() => tf.mul(soft(yTrue, yPred), alpha));
    wrapper.compile({ optimizer, loss: [hard, weightedSoft] });
    return await wrapper.fit(x, [y, softTargets], fitArgs);
  } finally {
    softTargets.dispose();
  }
}
