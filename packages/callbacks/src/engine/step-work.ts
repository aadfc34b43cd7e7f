import type * as tf from '@tensorflow/tfjs-core';
import { GradientAccumulator, type GradientMap, type MaskStore } from '@tfjs-prune/core';
import { learningRateOf } from '@tfjs-prune/core/internal';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { ActivePruner } from './runtime-pruner.js';

/*
 * The work around every optimizer step. It runs thousands of times per fit, so it only reads
 * what binding prepared and allocates nothing it keeps.
 */

/** Before a step: feed the step's gradients to the accumulators that need them. */
export function beforeStep(pruners: readonly ActivePruner[], gradients: GradientMap): void {
  const accumulators: GradientAccumulator[] = [];
  for (const p of pruners) if (p.accumulating && p.accumulator !== undefined) accumulators.push(p.accumulator);
  GradientAccumulator.accumulateAll(accumulators, gradients);
}

/** After a step: proximal regularization (it needs the step's learning rate), then the masks. */
export function afterStep(pruners: readonly ActivePruner[], store: MaskStore, optimizer: tf.Optimizer | undefined): void {
  let learningRate: number | undefined;
  for (const p of pruners) {
    if (p.regularizer === undefined) continue;
    learningRate ??= learningRateFor(optimizer, p.name, p.regularizer.type);
    p.regularizer.step.step(learningRate);
  }
  store.apply();
}

/** The optimizer's learning rate, or an error naming the pruner that needs it. */
export function learningRateFor(optimizer: tf.Optimizer | undefined, pruner: string, regularization: string): number {
  try {
    return learningRateOf(optimizer as tf.Optimizer);
  } catch (error) {
    throw new PruningEngineError(
      'NO_LEARNING_RATE',
      `pruner "${pruner}" has ${regularization} regularization: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
