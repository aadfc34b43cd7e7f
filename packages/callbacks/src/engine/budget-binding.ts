import type * as tfl from '@tensorflow/tfjs-layers';
import type { BudgetMetric } from '@tfjs-prune/core';
import type { ChannelBudget } from '@tfjs-prune/core/internal';
import type { ResolvedPrunerConfig, ResolvedPruningConfig } from '@tfjs-prune/schedules';
import { TARGET_PROGRESS_SPARSITY, targetParts } from '@tfjs-prune/schedules/internal';

import { budgetAllocator, NEEDS_BUDGET_ENTRY } from './budget-allocator.js';

/** The budget a targeted pruner prunes to by the end of its schedule. */
export interface PrunerBudget extends ChannelBudget {
  readonly model: tfl.LayersModel;
  readonly metric: BudgetMetric;
  /**
   * Fraction of the dense model's MACs or parameters kept at the schedule's end. Under a latency
   * target, 1 until the measured fraction replaces it (`LatencySupport.budget`).
   */
  readonly keep: number;
  /** A latency target: the speedup to reach, measured at `batch`. */
  readonly latency?: { readonly speedup: number; readonly batch: number } | undefined;
}

/** The budget of `pruner` when the config has a target and the pruner is the structured one it applies to. */
export function budgetOf(model: tfl.LayersModel, config: ResolvedPruningConfig, pruner: ResolvedPrunerConfig): PrunerBudget | undefined {
  if (config.target === undefined || pruner.granularity.type !== 'structured') return undefined;
  const allocate = budgetAllocator();
  // prepareConfig refused a target without the allocator, before any model was bound.
  if (allocate === undefined) throw new Error(`/target ${NEEDS_BUDGET_ENTRY}`);
  // A latency target's keep stays 1 until measurement finds it (LatencySupport.budget).
  return { model, keep: 1, ...targetParts(config.target), allocate };
}

/**
 * The budget of one update: the schedule's value at it, over the stand-in sparsity, is the
 * progress p in [0, 1]; the model keeps 1 − p·(1 − keep) of its cost, reaching `keep` at the
 * last update along the schedule's own curve.
 */
export function budgetAt(budget: PrunerBudget, scheduledSparsity: number): PrunerBudget {
  const progress = Math.min(1, Math.max(0, scheduledSparsity / TARGET_PROGRESS_SPARSITY));
  return { ...budget, keep: 1 - progress * (1 - budget.keep) };
}
