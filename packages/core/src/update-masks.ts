import type { Criterion } from './criteria/criterion.js';
import type { GroupLayout } from './granularity/group-layout.js';
import type { Granularity } from './granularity/granularity.js';
import { unstructured } from './granularity/unstructured.js';
import type { MaskStore } from './mask-store.js';
import type { PrunableWeight } from './prunable-weights.js';
import { type GlobalMaskOptions, globalMasks, layerMasks, type ScoredTensor } from './scoped-masks.js';

/** `layer`: every tensor reaches the target; `global`: one ranking over all of them. */
export type RankingScope = 'layer' | 'global';

export interface MaskUpdateOptions extends GlobalMaskOptions {
  readonly criterion: Criterion;
  readonly scope: RankingScope;
  /** Fraction to prune, in [0, 1): of weights, or of units for "structured". Ignored by n:m. */
  readonly sparsity: number;
  /** What is removed together. Defaults to unstructured. */
  readonly granularity?: Granularity | undefined;
  /**
   * The criterion's accumulated gradient statistic per target (see `GradientAccumulator`);
   * required exactly when the criterion has a `gradientStatistic`.
   */
  readonly statistics?: ReadonlyMap<PrunableWeight, Float32Array> | undefined;
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
 * the pruned weights, and for "structured" the pruned units' bias entries). Entries pruned
 * earlier stay pruned. Reads weights to the CPU once: this runs at mask updates, never per step.
 *
 * Scores → (granularity) group scores → (scope) group keep-mask → entry keep-mask: each step is
 * its own function, so criteria, granularities and scopes combine freely.
 */
export function updateMasks(store: MaskStore, targets: readonly PrunableWeight[], options: MaskUpdateOptions): TargetMaskUpdate[] {
  const { criterion, scope, sparsity, statistics } = options;
  const granularity = options.granularity ?? unstructured;
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw new RangeError(`sparsity must be in [0, 1) (got ${sparsity})`);
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
  return scored.map(({ target, layout }, i) => {
    const groupKeep = groupMasks[i] as Uint8Array;
    const keep = layout === null || granularity.selectWithinGroups !== undefined ? groupKeep : layout.expand(groupKeep);
    store.setMask(target, keep, granularity.masksBias ? groupKeep : undefined);
    return {
      layer: target.layer,
      path: target.path,
      weight: target.weight,
      size: target.size,
      targetSparsity: sparsity,
      sparsity: target.size === 0 ? 0 : store.prunedCount(target) / target.size,
    };
  });
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
  if (layout === null) throw new Error(`granularity "${granularity.name}" selects within groups but gave none`);
  return layout;
}
