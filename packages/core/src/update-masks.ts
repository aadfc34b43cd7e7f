import type { ChannelTargets } from './channel-graph/channel-targets.js';
import { planChannelUpdate } from './channel-graph/plan-channel-update.js';
import type { MaskStore } from './mask-store.js';
import type { TargetMaskUpdate } from './mask-plan.js';
import { type MaskUpdateOptions, planMaskUpdate } from './plan-mask-update.js';
import type { PrunableWeight } from './prunable-weights.js';

// These types moved to the plan/commit modules; modules importing them from here keep working.
export type { TargetMaskUpdate } from './mask-plan.js';
export type { MaskUpdateOptions } from './plan-mask-update.js';

/**
 * Recomputes the masks of `targets` at `sparsity` and writes them into `store`, which zeroes
 * the pruned weights: plan, then `MaskStore.commit`, so a throw leaves every mask as it was.
 * Entries pruned earlier stay pruned. For "structured", `targets` is `structuredTargets(model,
 * weights)`: its channel groups are ranked and every member slice is masked. To update several
 * pruners all or nothing, plan each and commit the plans together.
 */
export function updateMasks(store: MaskStore, targets: readonly PrunableWeight[] | ChannelTargets, options: MaskUpdateOptions): TargetMaskUpdate[] {
  const plan = isChannelTargets(targets) ? planChannelUpdate(store, targets, options) : planMaskUpdate(store, targets, options);
  store.commit(plan.masks);
  return [...plan.updates];
}

function isChannelTargets(targets: readonly PrunableWeight[] | ChannelTargets): targets is ChannelTargets {
  return !Array.isArray(targets);
}
