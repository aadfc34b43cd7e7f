import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { CliError } from './cli-error.js';
import type { LabelledSplit } from './labelled-data.js';

/**
 * `x` shaped like the model's input (784 features become `[28, 28, 1]` for a conv net) and `y`
 * one-hot over the model's output units. A mismatch is refused with both shapes named instead
 * of letting tfjs fail inside `fit`. Errors start with `command`, the one that reads the data. The
 * caller disposes both tensors.
 */
export function toModelTensors(model: tfl.LayersModel, split: LabelledSplit, source: string, command = 'prune'): { x: tf.Tensor; y: tf.Tensor } {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new CliError('CLI_FAILED', `${command}: the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; the command line takes single-input, single-output classifiers`);
  }
  const inputShape = (model.inputs[0]?.shape ?? []).slice(1);
  const perSample = inputShape.reduce<number>((a, b) => a * (b ?? Number.NaN), 1);
  if (perSample !== split.featuresPerSample) {
    throw new CliError('CLI_FAILED', `${command}: ${source} has ${split.featuresPerSample} features per sample, but the model's input shape [${inputShape.join(', ')}] takes ${Number.isNaN(perSample) ? 'a variable number' : perSample}`);
  }
  const classes = model.outputs[0]?.shape.at(-1);
  if (typeof classes !== 'number' || classes < 2) {
    throw new CliError('CLI_FAILED', `${command}: the model's output must be a softmax over 2 or more classes (its last dimension is ${String(classes)})`);
  }
  const labels = Int32Array.from(split.labels);
  const bad = labels.findIndex((label) => label >= classes);
  if (bad !== -1) {
    throw new CliError('CLI_FAILED', `${command}: ${source} sample ${bad} has label ${labels[bad]}, but the model has ${classes} output classes (0-${classes - 1})`);
  }
  return tf.tidy(() => ({
    x: tf.reshape(tf.tensor(split.features, [split.count, split.featuresPerSample]), [split.count, ...(inputShape as number[])]),
    y: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32'),
  }));
}
