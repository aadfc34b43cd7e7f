import type * as tfl from '@tensorflow/tfjs-layers';

import type { allocateChannels } from './budget/allocate-channels.js';
import type { BudgetMetric } from './budget/cost-factors.js';
import type { Criterion } from './criteria/criterion.js';
import { MaskError } from './errors/mask-error.js';
import { GranularityError } from './errors/granularity-error.js';
import type { GroupLayout } from './granularity/group-layout.js';
import type { Granularity } from './granularity/granularity.js';
import { NEEDS_CHANNEL_GROUPS } from './granularity/structured.js';
import { unstructured } from './granularity/unstructured.js';
import type { MaskStore } from './mask-store.js';
import { intersectKeep, type MaskUpdatePlan, type PlannedMask, targetUpdates } from './mask-plan.js';
import type { PrunableWeight } from './prunable-weights.js';
import { type GlobalMaskOptions, globalMasks, layerMasks, type ScoredTensor } from './scoped-masks.js';

/** Where the ranking runs. Same values and meaning as `PruningScope` in `@tfjs-prune/schedules`. */
export const pruningScopes = ['layer', 'global'] as const;
/** `layer`: every tensor reaches the target; `global`: one ranking over all of them. */
export type PruningScope = (typeof pruningScopes)[number];

export interface MaskUpdateOptions extends GlobalMaskOptions {
  readonly criterion: Criterion;
  readonly scope: PruningScope;
  /** Fraction to prune, in [0, 1): of weights, or of channels for "structured". Ignored by n:m. */
  readonly sparsity: number;
  /** What is removed together. Defaults to unstructured. */
  readonly granularity?: Granularity | undefined;
  /**
   * The criterion's accumulated gradient statistic per target (see `GradientAccumulator`);
   * required exactly when the criterion has a `gradientStatistic`.
   */
  readonly statistics?: ReadonlyMap<PrunableWeight, Float32Array> | undefined;
  /**
   * Channel groups only: choose the channels by a MAC or parameter budget of `model` instead of
   * by `sparsity` and `scope` (see `allocateChannels`). Defaults to none.
   */
  readonly budget?: ChannelBudget | undefined;
}

/**
 * A MAC or parameter budget for channel groups. `allocate` is `allocateChannels`
 * (`@tfjs-prune/core/internal`), passed in rather than imported so that code which never prunes
 * to a budget, a page in particular, does not carry the allocator.
 */
export interface ChannelBudget {
  readonly model: tfl.LayersModel;
  readonly metric: BudgetMetric;
  /** Fraction of the dense model's cost to keep. */
  readonly keep: number;
  readonly allocate: typeof allocateChannels;
}

/**
 * Computes the new masks of `targets` at `sparsity` from their weights and their masks in
 * `store`, and writes nothing: hand the plan (with the other pruners' plans of the same step)
 * to `MaskStore.commit` via {@link commitMaskPlans}. A throw here (a non-finite score, a
 * granularity that does not fit a target) therefore changes no mask and no weight. Reads
 * weights to the CPU once: this runs at mask updates, never per step.
 *
 * Scores → (granularity) group scores → (scope) group keep-mask → entry keep-mask: each step is
 * its own function, so criteria, granularities and scopes combine freely. Masks only lose
 * entries: each new keep-mask is ANDed with the previous one, also when the granularity
 * changed since (an unstructured mask then a block update, or the reverse). "structured" ranks
 * channel groups across layers: `planChannelUpdate` plans it.
 */
export function planMaskUpdate(store: MaskStore, targets: readonly PrunableWeight[], options: MaskUpdateOptions): MaskUpdatePlan {
  const { criterion, scope, sparsity, statistics } = options;
  const granularity = options.granularity ?? unstructured;
  if (granularity.channelGroups === true) throw new GranularityError(NEEDS_CHANNEL_GROUPS);
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw new MaskError('INVALID_SPARSITY', `sparsity must be in [0, 1) (got ${sparsity})`);
  }
  const scored = targets.map((target) => {
    const statistic = criterion.gradientStatistic === undefined ? undefined : statistics?.get(target);
    return {
      target,
      layout: granularity.layout(target),
      scores: criterion.score(target, target.variable.dataSync() as Float32Array, statistic),
      previous: store.keepMask(target),
    };
  });
  let groupMasks: Uint8Array[];
  if (granularity.selectWithinGroups !== undefined) {
    const select = granularity.selectWithinGroups;
    groupMasks = scored.map(({ scores, layout, previous }) => select(scores, required(layout, granularity), previous));
  } else {
    const tensors = scored.map(({ scores, layout, previous }) => groupScores(scores, layout, previous, granularity, criterion));
    groupMasks = scope === 'global' ? globalMasks(tensors, sparsity, options) : layerMasks(tensors, sparsity);
  }
  const masks = scored.map(({ target, layout, previous }, i): PlannedMask => {
    const groupKeep = groupMasks[i] as Uint8Array;
    const expanded = layout === null || granularity.selectWithinGroups !== undefined ? groupKeep : layout.expand(groupKeep);
    return { target, keep: intersectKeep(expanded, previous) };
  });
  return { masks, updates: targetUpdates(masks, sparsity) };
}

/** Writes the masks of every plan at once (several pruners of one step): all or none. */
export function commitMaskPlans(store: MaskStore, plans: readonly MaskUpdatePlan[]): void {
  store.commit(plans.flatMap((plan) => plan.masks));
}

function groupScores(
  scores: Float32Array,
  layout: GroupLayout | null,
  previous: Uint8Array | undefined,
  granularity: Granularity,
  criterion: Criterion,
): ScoredTensor {
  if (layout === null) return { scores, previous };
  return {
    scores: layout.reduce(scores, granularity.norm, criterion.signedScores === true),
    previous: previous === undefined ? undefined : layout.groupKeep(previous),
    sizes: granularity.counts === 'weights' ? layout.sizes() : undefined,
  };
}

function required(layout: GroupLayout | null, granularity: Granularity): GroupLayout {
  if (layout === null) {
    throw new GranularityError(`granularity "${granularity.name}" selects within groups but gave none`, 'INVALID_GRANULARITY');
  }
  return layout;
}
