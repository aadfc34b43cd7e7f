import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { GradientAccumulator } from '@tfjs-prune/core';
import { lossGradients } from '@tfjs-prune/core/internal';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { ActivePruner } from './runtime-pruner.js';

/** One batch to score gradient criteria on before any training step (SNIP-style). */
export interface CalibrationData {
  readonly x: tf.Tensor | tf.Tensor[];
  readonly y: tf.Tensor | tf.Tensor[];
}

/** Gradient criteria about to update with no optimizer step since their last update. */
export function needingCalibration(due: readonly ActivePruner[]): ActivePruner[] {
  return due.filter((p) => p.criterion.gradientStatistic !== undefined && (p.accumulator?.stepsSinceUpdate ?? 0) === 0);
}

/**
 * Before any training step, scores `pruners` on one gradient evaluation of `data` with the
 * model's compiled loss (SNIP, Lee et al. 2019); once training has stepped, or without data,
 * refuses rather than prune by zeros.
 */
export function calibrate(
  model: tfl.LayersModel,
  pruners: readonly ActivePruner[],
  epoch: number,
  stepsSeen: number,
  data: CalibrationData | undefined,
): void {
  const first = pruners[0];
  if (first === undefined) return;
  if (stepsSeen > 0 || data === undefined) throw noGradientsError(first, epoch, stepsSeen > 0);
  for (const p of pruners) {
    const statistic = p.criterion.gradientStatistic;
    if (statistic !== undefined) p.accumulator ??= new GradientAccumulator(p.targets, statistic);
  }
  const variables = pruners.flatMap((p) => p.targets.map((t) => t.variable));
  const gradients = lossGradients(model, data.x, data.y, variables);
  try {
    GradientAccumulator.accumulateAll(
      pruners.flatMap((p) => (p.accumulator === undefined ? [] : [p.accumulator])),
      gradients,
    );
  } finally {
    tf.dispose([...gradients.values()]);
  }
}

function noGradientsError(pruner: ActivePruner, epoch: number, trained: boolean): PruningEngineError {
  const why = trained
    ? 'no optimizer step has run since its last mask update'
    : 'no optimizer step has run yet (a fit resumed with initialEpoch without restoring the pruning state?)';
  return new PruningEngineError(
    'NO_GRADIENTS',
    `pruner "${pruner.name}": criterion "${pruner.criterion.name}" has no gradients to score with at the mask update of epoch ${epoch}: ` +
      `${why}. Restore the pruning state (importState, or loadCheckpoint) so its accumulated gradients come back, ` +
      'or pass calibrationData to the PruningCallback to score on one batch',
  );
}
