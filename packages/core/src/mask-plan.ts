import type { BudgetAllocation } from './budget/allocate-channels.js';
import { countZeros } from './count-zeros.js';
import type { PrunableWeight } from './prunable-weights.js';

/** One new mask, computed but not yet written: what `MaskStore.commit` takes. */
export interface PlannedMask {
  readonly target: PrunableWeight;
  /** 1 keep, 0 prune; one entry per weight. */
  readonly keep: Uint8Array;
}

/** What one mask update did to one weight tensor. */
export interface TargetMaskUpdate {
  readonly layer: string;
  readonly path: string;
  readonly weight: string;
  readonly size: number;
  /** The sparsity asked for (for global scope: the group's target, not this tensor's). */
  readonly targetSparsity: number;
  /** Fraction of this tensor masked once the plan is committed. */
  readonly sparsity: number;
}

/**
 * Every new mask of one update of one pruner, computed from the weights and the previous masks
 * with nothing written yet, and what committing it will do to each target.
 */
export interface MaskUpdatePlan {
  readonly masks: readonly PlannedMask[];
  readonly updates: readonly TargetMaskUpdate[];
  /** Set when a budget chose the channels (`MaskUpdateOptions.budget`): target and achieved cost. */
  readonly allocation?: BudgetAllocation | undefined;
}

/** `keep` with every entry `previous` pruned pruned too (a fresh array when it changes anything): masks only lose entries. */
export function intersectKeep(keep: Uint8Array, previous: Uint8Array | undefined): Uint8Array {
  if (previous === undefined || previous.length !== keep.length) return keep;
  const result = new Uint8Array(keep.length);
  for (let i = 0; i < keep.length; i++) result[i] = keep[i] !== 0 && previous[i] !== 0 ? 1 : 0;
  return result;
}

/** What committing `masks` will do to each target, for an update that asked for `targetSparsity`. */
export function targetUpdates(masks: readonly PlannedMask[], targetSparsity: number): TargetMaskUpdate[] {
  return masks.map(({ target, keep }) => ({
    layer: target.layer,
    path: target.path,
    weight: target.weight,
    size: target.size,
    targetSparsity,
    sparsity: target.size === 0 ? 0 : countZeros(keep) / target.size,
  }));
}
