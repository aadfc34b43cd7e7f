import type { MaskStore } from './mask-store.js';
import type { TargetMaskUpdate } from './mask-plan.js';
import { type MaskUpdateOptions, planMaskUpdate } from './plan-mask-update.js';
import type { PrunableWeight } from './prunable-weights.js';

// These types moved to the plan/commit modules; modules importing them from here keep working.
export type { TargetMaskUpdate } from './mask-plan.js';
export type { MaskUpdateOptions } from './plan-mask-update.js';

/**
 * Recomputes the masks of `targets` at `sparsity` and writes them into `store` (which zeroes
 * the pruned weights, and for "structured" the pruned units' bias entries): `planMaskUpdate`
 * then `MaskStore.commit`, so a throw leaves every mask as it was. Entries pruned earlier stay
 * pruned. To update several pruners all or nothing, plan each and commit the plans together.
 */
export function updateMasks(store: MaskStore, targets: readonly PrunableWeight[], options: MaskUpdateOptions): TargetMaskUpdate[] {
  const plan = planMaskUpdate(store, targets, options);
  store.commit(plan.masks);
  return [...plan.updates];
}
