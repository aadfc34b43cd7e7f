import * as tf from '@tensorflow/tfjs-core';

import { ChannelGroupShrink } from './channel-graph/channel-group-shrink.js';
import type { ChannelTargets } from './channel-graph/channel-targets.js';
import type { GroupLayout } from './granularity/group-layout.js';
import type { Granularity } from './granularity/granularity.js';
import { TrainingError } from './errors/training-error.js';
import type { PrunableWeight } from './prunable-weights.js';

/** The regularization kinds, in the order `@tfjs-prune/schedules` lists them. */
export const regularizationTypes = ['l1', 'l2', 'group-l1'] as const;

/**
 * A proximal regularizer as a config states it. Same name and shape as `RegularizationSpec` in
 * `@tfjs-prune/schedules` (core cannot import it), so a resolved config's value passes as is.
 */
export interface RegularizationSpec {
  /**
   * `l1`: soft threshold per weight; `l2`: weight decay; `group-l1`: group lasso over the
   * granularity's groups (whole channel groups for "structured").
   */
  readonly type: (typeof regularizationTypes)[number];
  /** λ > 0. */
  readonly strength: number;
}

/**
 * Proximal regularization applied right after every optimizer step (before masks are re-applied),
 * with η the optimizer's learning rate. Proximal rather than a loss term, so l1 and group-l1
 * produce exact zeros that pruning then keeps, instead of weights that merely hover near zero:
 *
 * - l1:       w ← sign(w)·max(|w| − ηλ, 0)
 * - l2:       w ← w·(1 − ηλ)
 * - group-l1: g ← g·max(0, 1 − ηλ/‖g‖₂) for every group g (Yuan & Lin 2006), which removes
 *             whole blocks or n:m groups at once. For "structured", g is a whole channel group
 *             (kernel columns, bias entries, BatchNormalization γ/β, depthwise filters and the
 *             consumers' input rows; see {@link ChannelGroupShrink}), the very groups the pruner
 *             removes: pass the pruner's `channels`.
 */
export class ProximalRegularizer {
  private readonly layouts: (GroupLayout | null)[] = [];
  private readonly channelGroups: ChannelGroupShrink | undefined;

  /**
   * `targets` are the weights l1, l2 and block or n:m group-l1 shrink. `channels` (required for
   * group-l1 with "structured", unused otherwise) are the structured pruner's channel groups;
   * group-l1 then shrinks them instead of `targets`, and owns index tensors: call {@link dispose}.
   */
  constructor(
    readonly targets: readonly PrunableWeight[],
    readonly options: RegularizationSpec,
    granularity: Granularity,
    channels?: ChannelTargets,
  ) {
    if (!(options.strength > 0 && Number.isFinite(options.strength))) {
      throw new TrainingError('INVALID_REGULARIZATION', `regularization strength must be a positive number (got ${options.strength})`);
    }
    if (options.type !== 'group-l1') return;
    if (channels !== undefined) {
      this.channelGroups = new ChannelGroupShrink(channels);
      return;
    }
    if (granularity.channelGroups === true) {
      throw new TrainingError(
        'REGULARIZATION_NEEDS_CHANNELS',
        '"group-l1" with granularity "structured" shrinks whole channel groups, and none were given: ' +
          "pass the pruner's channel groups (structuredTargets(model, targets)) as the fourth argument",
      );
    }
    this.layouts = targets.map((target) => granularity.layout(target));
    if (this.layouts.some((layout) => layout === null)) {
      throw new TrainingError('REGULARIZATION_NEEDS_GROUPS', `"group-l1" needs groups, and granularity "${granularity.name}" has none: use "l1" for unstructured pruning`);
    }
  }

  /** One proximal step with learning rate η; call inside `tf.tidy` or not (it opens one). */
  step(learningRate: number): void {
    const threshold = learningRate * this.options.strength;
    if (!(threshold > 0)) return;
    if (this.channelGroups !== undefined) {
      this.channelGroups.step(threshold);
      return;
    }
    tf.tidy(() => {
      this.targets.forEach((target, i) => {
        if (target.variable.isDisposed) return;
        const w = target.variable;
        switch (this.options.type) {
          case 'l1':
            w.assign(tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), tf.scalar(threshold)))));
            break;
          case 'l2':
            w.assign(tf.mul(w, tf.scalar(1 - threshold)));
            break;
          case 'group-l1':
            w.assign((this.layouts[i] as GroupLayout).shrink(w, threshold));
            break;
        }
      });
    });
  }

  /** Frees the index tensors of group-l1 over channel groups (its `step` then does nothing); the other kinds own none. */
  dispose(): void {
    this.channelGroups?.dispose();
  }
}

/**
 * The optimizer's current learning rate. Every tfjs optimizer keeps it in a `learningRate`
 * property (declared protected in the typings); a custom optimizer may not have one.
 */
export function learningRateOf(optimizer: tf.Optimizer): number {
  const value = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TrainingError(
      'NO_LEARNING_RATE',
      `regularization needs the optimizer's learning rate, but this ${optimizer.getClassName()} has no numeric ` +
        `"learningRate" property (got ${String(value)}): use a tfjs optimizer (sgd, momentum, adam, ...) or set one`,
    );
  }
  return value;
}
