import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export type MetricKind = 'accuracy' | 'loss';

/** A metric measured on fixed held-out tensors, as `channelSensitivity` calls it after each trial. */
export interface HeldOutMetric {
  readonly higherIsBetter: boolean;
  readonly evaluate: (model: tfl.LayersModel) => Promise<number>;
}

const BATCH_SIZE = 256;

/**
 * Accuracy is argmax of the predictions against argmax of the one-hot labels. Loss is the loss
 * the model was compiled with when its model.json carried a training config (tfjs compiles it on
 * load; `model.evaluate` then gives its value), else categorical cross-entropy of the predicted
 * probabilities, which is what `prune` trains a model saved without one with.
 */
export function heldOutMetric(kind: MetricKind, data: { x: tf.Tensor; y: tf.Tensor }): HeldOutMetric {
  if (kind === 'accuracy') return { higherIsBetter: true, evaluate: (model) => accuracy(model, data) };
  return {
    higherIsBetter: false,
    evaluate: (model) => (isCompiled(model) ? compiledLoss(model, data) : crossEntropy(model, data)),
  };
}

/** What `heldOutMetric(kind, ...)` measures on this model, for the table's heading. */
export function describeMetric(kind: MetricKind, model: tfl.LayersModel): string {
  if (kind === 'accuracy') return 'accuracy';
  if (!isCompiled(model)) return 'loss (categoricalCrossentropy; the model is not compiled)';
  return `loss (${typeof model.loss === 'string' ? model.loss : "the model's compiled loss"})`;
}

function isCompiled(model: tfl.LayersModel): boolean {
  return model.loss !== undefined && model.loss !== null;
}

async function accuracy(model: tfl.LayersModel, { x, y }: { x: tf.Tensor; y: tf.Tensor }): Promise<number> {
  const right = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(x, { batchSize: BATCH_SIZE }) as tf.Tensor, -1), tf.argMax(y, -1)), 'int32')));
  const count = (await right.data())[0] ?? 0;
  right.dispose();
  const samples = x.shape[0] ?? 0;
  return samples === 0 ? 0 : count / samples;
}

async function compiledLoss(model: tfl.LayersModel, { x, y }: { x: tf.Tensor; y: tf.Tensor }): Promise<number> {
  const result = model.evaluate(x, y, { batchSize: BATCH_SIZE });
  const scalars = Array.isArray(result) ? result : [result];
  const loss = (await scalars[0]!.data())[0] ?? Number.NaN;
  tf.dispose(scalars);
  return loss;
}

async function crossEntropy(model: tfl.LayersModel, { x, y }: { x: tf.Tensor; y: tf.Tensor }): Promise<number> {
  const mean = tf.tidy(() => tf.mean(tfl.metrics.categoricalCrossentropy(y, model.predict(x, { batchSize: BATCH_SIZE }) as tf.Tensor)));
  const loss = (await mean.data())[0] ?? Number.NaN;
  mean.dispose();
  return loss;
}
