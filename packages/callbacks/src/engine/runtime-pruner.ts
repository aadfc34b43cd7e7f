import { GradientAccumulator, type MaskUpdateOptions } from '@tfjs-prune/core';
import { type BudgetAllocation, ProximalRegularizer, RewindSnapshot } from '@tfjs-prune/core/internal';
import { isPruningSchedule, type PruningSchedule, type ResolvedPrunerConfig, type ScheduleUnit } from '@tfjs-prune/schedules';

import type { PreparedSchedule } from '../config/prepare-config.js';
import type { BoundPruner } from './bind-pruners.js';
import type { PrunerBudget } from './budget-binding.js';
import type { LatencyState } from './latency-state.js';
import { type RewindPolicy, rewindPolicyOf } from './rewind-policy.js';

/** How a pruner describes itself in reports, fixed at binding. */
export interface PrunerSummary {
  readonly criterion: string;
  readonly scope: string;
  readonly schedule: string;
}

/** A bound pruner with every runtime piece built: the engine reads nothing else. */
export interface ActivePruner extends BoundPruner {
  readonly schedule: PruningSchedule;
  /** What the schedule counts: its updates run at epoch starts, or inside optimizer steps. */
  readonly unit: ScheduleUnit;
  /** Epoch (or step) of the schedule's last mask update: no gradients are accumulated from then on. */
  readonly lastUpdate: number;
  /** Everything a mask update needs but the sparsity and the gradient statistics. */
  readonly maskOptions: Omit<MaskUpdateOptions, 'sparsity' | 'statistics'>;
  /** Owns device tensors for group-l1 over channel groups: disposed when the engine is stripped. */
  readonly regularizer: { readonly step: ProximalRegularizer; readonly type: string } | undefined;
  readonly rewind: RewindPolicy | undefined;
  readonly snapshot: RewindSnapshot | undefined;
  readonly summary: PrunerSummary;
  /** Present while the criterion needs gradients and a future update will use them. */
  accumulator: GradientAccumulator | undefined;
  accumulating: boolean;
  /** Set when the config's budget `target` applies to this pruner: its updates allocate channels to it. */
  readonly budget: PrunerBudget | undefined;
  /** The last budget allocation's totals: what it aimed at and what the compacted model will cost. */
  allocation: Pick<BudgetAllocation, 'dense' | 'target' | 'achieved'> | undefined;
  /** Set when the budget is a latency target: the measured MAC fraction and speedups. */
  readonly latency: LatencyState | undefined;
  /** Sparsity of the last mask update; 0 while dense. */
  appliedSparsity: number;
  updates: number;
}

/** Turns a pruner's config into its runtime objects, once, at binding. */
export function activate(bound: BoundPruner, config: ResolvedPrunerConfig, prepared: PreparedSchedule, budget?: PrunerBudget): ActivePruner {
  const { targets, criterion, granularity } = bound;
  const statistic = criterion.gradientStatistic;
  const { regularization } = config;
  return {
    ...bound,
    schedule: prepared.schedule,
    unit: prepared.unit,
    lastUpdate: prepared.lastUpdate,
    maskOptions: {
      criterion,
      granularity,
      scope: config.scope,
      normalize: config.normalize,
      maxLayerSparsity: config.maxLayerSparsity,
    },
    // A proximal step moves weights: the user froze these, so it leaves them as they are (group-l1
    // over a structured pruner's channel groups skips frozen members itself).
    regularizer:
      regularization === null
        ? undefined
        : {
            step: new ProximalRegularizer(bound.selected.filter((t) => t.frozen !== true), regularization, granularity, bound.channels),
            type: regularization.type,
          },
    rewind: rewindPolicyOf(config.rewind),
    snapshot: config.rewind === 'none' ? undefined : new RewindSnapshot(targets),
    summary: { criterion: config.criterion, scope: config.scope, schedule: isPruningSchedule(config.schedule) ? 'custom' : config.schedule.type },
    accumulator: statistic === undefined ? undefined : new GradientAccumulator(targets, statistic),
    accumulating: statistic !== undefined,
    budget,
    allocation: undefined,
    latency: budget?.latency && { ...budget.latency },
    appliedSparsity: 0,
    updates: 0,
  };
}

/**
 * Starts or stops gradient accumulation. Stopping frees the accumulators (a float32 copy of
 * every target): after the last mask update nothing will read them.
 */
export function setAccumulating(pruner: ActivePruner, on: boolean): void {
  const statistic = pruner.criterion.gradientStatistic;
  pruner.accumulating = on && statistic !== undefined;
  if (pruner.accumulating && pruner.accumulator === undefined) {
    pruner.accumulator = new GradientAccumulator(pruner.targets, statistic as NonNullable<typeof statistic>);
  } else if (!pruner.accumulating && pruner.accumulator !== undefined) {
    pruner.accumulator.dispose();
    pruner.accumulator = undefined;
  }
}
