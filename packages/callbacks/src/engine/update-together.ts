import type { MaskStore, MaskUpdateOptions, PrunableWeight, TargetMaskUpdate } from '@tfjs-prune/core';
import type { BudgetAllocation } from '@tfjs-prune/core/internal';
import { type ChannelTargets, commitMaskPlans, planChannelUpdate, planMaskUpdate } from '@tfjs-prune/core/internal';

/** One pruner's share of a mask update. */
export interface MaskUpdateRequest {
  readonly targets: readonly PrunableWeight[];
  readonly options: MaskUpdateOptions;
  /** Set for group-aware structured pruners: their channel groups are ranked instead of `targets`. */
  readonly channels?: ChannelTargets | undefined;
}

/**
 * Every mask update of one epoch, all or nothing: every plan is computed before any is
 * written, so a throw (a NaN score, a granularity that does not fit) leaves the masks and
 * weights of every pruner exactly as they were, the way torch's `prune` rolls back a failed
 * `compute_mask`. The one place the engine changes masks.
 */
export function updateMasksTogether(store: MaskStore, requests: readonly MaskUpdateRequest[]): { updates: TargetMaskUpdate[]; allocation: BudgetAllocation | undefined }[] {
  if (requests.length === 0) return [];
  const plans = requests.map((r) => (r.channels === undefined ? planMaskUpdate(store, r.targets, r.options) : planChannelUpdate(store, r.channels, r.options)));
  commitMaskPlans(store, plans);
  return plans.map((plan) => ({ updates: [...plan.updates], allocation: plan.allocation }));
}
