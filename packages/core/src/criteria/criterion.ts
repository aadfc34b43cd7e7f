import type * as tf from '@tensorflow/tfjs-core';

import type { ChannelTargets } from '../channel-graph/channel-targets.js';
import { CriterionError } from '../errors/criterion-error.js';
import type { PrunableWeight } from '../prunable-weights.js';

/**
 * How weights are ranked for pruning: a criterion turns a weight tensor's current values (and,
 * for gradient criteria, a statistic of the gradients the optimizer received) into one score per
 * entry, and the lowest scores are pruned. It never builds masks itself: the granularity decides
 * what is removed together and the scope which scores compete with which.
 *
 * Adding a criterion is one file (an object with a `name`, a `score`, and for gradient criteria
 * the per-step term to accumulate), one line in `criterion-registry.ts` and a row in its tests.
 */
export interface Criterion {
  readonly name: string;
  /**
   * What to accumulate from every optimizer step; absent for criteria that only read weights.
   * Its presence is the one statement that a criterion needs gradients.
   */
  readonly gradientStatistic?: GradientStatistic | undefined;
  /**
   * Scores may be negative (movement). Groups then sum their entries' scores (or take the
   * largest, for `max`) instead of taking a norm, which would rank "moving fast toward zero"
   * as important.
   */
  readonly signedScores?: boolean | undefined;
  /**
   * One finite score per entry of `values` (higher = more important). `values` may be the
   * backend's own buffer: read it, never write it. `statistic` is the accumulated
   * {@link GradientStatistic} (same length as `values`), given exactly when the criterion has one.
   */
  score(target: PrunableWeight, values: Float32Array, statistic?: Float32Array): Float32Array;
  /**
   * What the criterion needs of a pruner's selection that the config cannot say, checked once when
   * the pruner binds to a model: one message per problem (the binder adds the pointer and pruner
   * name), none when all is well. `channels` is set for structured pruners only. Absent: no needs.
   */
  bindIssues?(channels: ChannelTargets | undefined): string[];
}

/**
 * A per-entry quantity accumulated on the device at every optimizer step, from the weight as
 * it was before the step and the gradient the optimizer received for it.
 */
export interface GradientStatistic {
  /** This step's contribution; runs inside a `tf.tidy`. */
  term(weight: tf.Tensor, gradient: tf.Tensor): tf.Tensor;
  /**
   * `'mean-since-update'`: averaged over the steps since the last mask update, reset there.
   * `'sum-since-start'`: summed over every step since training began, never reset.
   */
  readonly window: 'mean-since-update' | 'sum-since-start';
}

/** Thrown when a weight cannot be ranked; names the layer so the user knows where to look. */
export class NonFiniteWeightError extends CriterionError {
  override readonly name = 'NonFiniteWeightError';

  constructor(target: PrunableWeight, index: number, value: number, what = 'weight') {
    super(
      'NON_FINITE_WEIGHT',
      `layer "${target.path}" weight "${target.weight}" holds ${value}${what === 'weight' ? '' : ` in its ${what}`} ` +
        `at flat index ${index}: cannot rank non-finite ${what === 'weight' ? 'weights' : 'values'} for pruning ` +
        '(training has probably diverged; lower the learning rate or check the inputs)',
    );
  }
}

/**
 * `values[i]` mapped through `f`, throwing {@link NonFiniteWeightError} at the first non-finite
 * input. `what` names the input in the message: "weight" or e.g. "accumulated |g|".
 */
export function mapFinite(
  target: PrunableWeight,
  values: Float32Array,
  f: (value: number, index: number) => number,
  what = 'weight',
): Float32Array {
  const scores = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteWeightError(target, i, v, what);
    scores[i] = f(v, i);
  }
  return scores;
}

/** The statistic a gradient criterion was promised, or a clear error if the caller forgot it. */
export function requireStatistic(criterion: string, target: PrunableWeight, statistic: Float32Array | undefined): Float32Array {
  if (statistic === undefined) {
    throw new CriterionError(
      'MISSING_GRADIENTS',
      `criterion "${criterion}" needs accumulated gradients for layer "${target.path}" weight "${target.weight}", and none were given`,
    );
  }
  return statistic;
}
