import type { Criterion } from './criteria/criterion.js';
import type { MaskStore } from './mask-store.js';
import type { PrunableWeight } from './prunable-weights.js';
import { countZeros, globalMasks, layerMasks } from './scoped-masks.js';

/** `layer`: every tensor reaches the target; `global`: one ranking over all of them. */
export type RankingScope = 'layer' | 'global';

export interface MaskUpdateOptions {
  readonly criterion: Criterion;
  readonly scope: RankingScope;
  /** Fraction of weights to prune, in [0, 1). */
  readonly sparsity: number;
}

/** What one mask update did to one weight tensor. */
export interface TargetMaskUpdate {
  readonly layer: string;
  readonly path: string;
  readonly weight: string;
  readonly size: number;
  /** The sparsity asked for (for global scope: the group's target, not this tensor's). */
  readonly targetSparsity: number;
  /** Fraction of this tensor now masked. */
  readonly sparsity: number;
}

/**
 * Recomputes the masks of `targets` at `sparsity` and writes them into `store` (which zeroes
 * the pruned weights). Entries pruned earlier stay pruned. Reads weights to the CPU once:
 * this runs at mask updates, never per step.
 */
export function updateMasks(
  store: MaskStore,
  targets: readonly PrunableWeight[],
  { criterion, scope, sparsity }: MaskUpdateOptions,
): TargetMaskUpdate[] {
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw new RangeError(`sparsity must be in [0, 1) (got ${sparsity})`);
  }
  const scored = targets.map((target) => ({
    scores: criterion.score(target, target.variable.dataSync() as Float32Array),
    previous: store.keepMask(target),
  }));
  const masks = scope === 'global' ? globalMasks(scored, sparsity) : layerMasks(scored, sparsity);
  return targets.map((target, i) => {
    const keep = masks[i] as Uint8Array;
    store.setMask(target, keep);
    return {
      layer: target.layer,
      path: target.path,
      weight: target.weight,
      size: target.size,
      targetSparsity: sparsity,
      sparsity: target.size === 0 ? 0 : countZeros(keep) / target.size,
    };
  });
}
