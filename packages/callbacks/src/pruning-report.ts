import type * as tfl from '@tensorflow/tfjs-layers';
import { type MaskStore, type SparsityReport, sparsityReport } from '@tfjs-prune/core';
import { type KeptChannels, keptChannels } from '@tfjs-prune/core/internal';
import { countZeros, formatPercent, formatTable } from '@tfjs-prune/core/internal';

import type { ScheduleUnit } from '@tfjs-prune/schedules';

import type { ActivePruner } from './engine/runtime-pruner.js';
import { type BudgetReport, budgetRecords } from './budget-records.js';

/** Where training is on the schedules' clocks. */
export interface ScheduleClock {
  /** The last epoch begun (-1 before the first). */
  readonly epoch: number;
  /** Optimizer steps taken since training began. */
  readonly steps: number;
}

/**
 * A pruner whose schedule has not reached its final sparsity: training ended (or the report
 * was asked for) before the schedule's last mask update. Fewer epochs than the schedule, or
 * `earlyStopping` beside the pruning callback, both end here.
 */
export interface ScheduleShortfall {
  readonly pruner: string;
  /** The schedule's final sparsity. */
  readonly targetSparsity: number;
  /** The sparsity of the last mask update (0 while dense). */
  readonly reachedSparsity: number;
  readonly unit: ScheduleUnit;
  /** Epochs (or steps) still to train to reach the last update. */
  readonly short: number;
  /** Epoch (or step) of the schedule's last update. */
  readonly lastUpdate: number;
}

export interface TargetReport {
  readonly layer: string;
  readonly path: string;
  readonly weight: string;
  readonly shape: readonly number[];
  readonly size: number;
  /** Entries masked (or, after `strip()`, entries that are exactly zero). */
  readonly pruned: number;
  readonly sparsity: number;
  /** The layer does not train (`trainable: false`): its mask holds, nothing trains it back. */
  readonly frozen: boolean;
}

export interface PrunerReport {
  readonly name: string;
  readonly criterion: string;
  /** `unstructured`, `block 4x4`, `2:4`, `structured`. */
  readonly granularity: string;
  readonly scope: string;
  readonly schedule: string;
  /** Sparsity the schedule asked for at the last mask update (0 before the first). */
  readonly targetSparsity: number;
  /** The schedule's final sparsity; null for a `PruningSchedule` object, whose end is unknown. */
  readonly finalSparsity: number | null;
  /** Set while the schedule has not reached `finalSparsity`. */
  readonly shortfall?: ScheduleShortfall | undefined;
  readonly size: number;
  readonly pruned: number;
  readonly sparsity: number;
  readonly targets: readonly TargetReport[];
  /** Structured pruning: selected layers with no channel it may remove (tied to a model output, an unknown layer, ...), and why. */
  readonly untouched: readonly { readonly layer: string; readonly reason: string }[];
  /** Structured pruning: each channel family's prunable channels and how many are kept (with `roundTo`, multiples of it). Empty otherwise. */
  readonly channels: readonly KeptChannels[];
}

export interface PruningReport {
  readonly pruners: readonly PrunerReport[];
  /** Set when the config has a budget `target` and a mask update has allocated it. */
  readonly target?: BudgetReport | undefined;
  /** Zeros in every weight of the model, pruned or not. */
  readonly model: SparsityReport;
  /** Bytes the masks hold now, and as a fraction of the float32 weights they guard. */
  readonly maskBytes: number;
  readonly maskMemoryRatio: number;
  /** Every pruner short of its schedule's final sparsity; empty when all reached it. */
  readonly shortfalls: readonly ScheduleShortfall[];
}

/** The report of `pruners` on `model`; after `strip()` (store disposed) it counts the zeros. */
export function buildPruningReport(
  model: tfl.LayersModel,
  pruners: readonly ActivePruner[],
  store: MaskStore | undefined,
  clock: ScheduleClock,
): PruningReport {
  const reports = pruners.map((p) => buildPrunerReport(p, store, clock));
  const maskBytes = store === undefined || store.isDisposed ? 0 : store.bytes;
  const guardedBytes = 4 * reports.reduce((sum, p) => sum + p.size, 0);
  const budgeted = pruners.find((p) => p.budget !== undefined && p.allocation !== undefined);
  return {
    pruners: reports,
    // An allocation exists only when @tfjs-prune/callbacks/budget registered the allocator, and its report with it.
    ...(budgeted === undefined ? {} : { target: budgetRecords()!.report(budgeted) }),
    model: sparsityReport(model),
    maskBytes,
    maskMemoryRatio: guardedBytes === 0 ? 0 : maskBytes / guardedBytes,
    shortfalls: reports.flatMap((r) => (r.shortfall === undefined ? [] : [r.shortfall])),
  };
}

/** The schedule's final value; null when it cannot be known (a schedule object may update forever). */
function finalSparsityOf(pruner: ActivePruner): number | null {
  return Number.isFinite(pruner.lastUpdate) ? pruner.schedule.sparsityAt(pruner.lastUpdate) : null;
}

/** How far the pruner is from its last update on its own clock, if it has not run it yet. */
function shortfallOf(pruner: ActivePruner, finalSparsity: number | null, clock: ScheduleClock): ScheduleShortfall | undefined {
  if (finalSparsity === null || pruner.appliedSparsity === finalSparsity) return undefined;
  // An epoch update runs when its epoch begins; a step update when its step runs.
  const done = pruner.unit === 'step' ? clock.steps - 1 : clock.epoch;
  if (done >= pruner.lastUpdate) return undefined;
  return {
    pruner: pruner.name,
    targetSparsity: finalSparsity,
    reachedSparsity: pruner.appliedSparsity,
    unit: pruner.unit,
    short: pruner.lastUpdate - done,
    lastUpdate: pruner.lastUpdate,
  };
}

function buildPrunerReport(pruner: ActivePruner, store: MaskStore | undefined, clock: ScheduleClock): PrunerReport {
  const targets = pruner.targets.map((target): TargetReport => {
    const live = store !== undefined && !store.isDisposed;
    const pruned = live ? store.prunedCount(target) : countZeros(target.variable.dataSync());
    return {
      layer: target.layer,
      path: target.path,
      weight: target.weight,
      shape: target.shape,
      size: target.size,
      pruned,
      sparsity: target.size === 0 ? 0 : pruned / target.size,
      frozen: target.frozen === true,
    };
  });
  const size = targets.reduce((sum, t) => sum + t.size, 0);
  const pruned = targets.reduce((sum, t) => sum + t.pruned, 0);
  const finalSparsity = finalSparsityOf(pruner);
  const shortfall = shortfallOf(pruner, finalSparsity, clock);
  return {
    name: pruner.name,
    criterion: pruner.summary.criterion,
    granularity: pruner.granularity.name,
    scope: pruner.summary.scope,
    schedule: pruner.summary.schedule,
    targetSparsity: pruner.appliedSparsity,
    finalSparsity,
    ...(shortfall === undefined ? {} : { shortfall }),
    size,
    pruned,
    sparsity: size === 0 ? 0 : pruned / size,
    targets,
    untouched: pruner.channels?.untouched ?? [],
    channels: pruner.channels === undefined ? [] : keptChannelsOf(pruner, store),
  };
}

function keptChannelsOf(pruner: ActivePruner, store: MaskStore | undefined): KeptChannels[] {
  const channels = pruner.channels!;
  const live = store !== undefined && !store.isDisposed;
  return keptChannels(channels, (variable) => {
    const target = channels.byVariable.get(variable);
    if (target === undefined) return undefined;
    return live ? store.keepMask(target) : target.variable.dataSync();
  });
}

/**
 * Per-pruner, per-weight table, then the whole model's totals and what the masks cost. The
 * "target" column is the schedule's final sparsity (the last update's, for a schedule object),
 * so a run that stopped early cannot pass for a finished one; a line per such pruner says so.
 */
export function formatPruningReport(report: PruningReport): string {
  const rows = report.pruners.flatMap((p) =>
    p.targets.map((t) => [p.name, t.path, t.weight, t.shape.join('x'), t.size, t.size - t.pruned, formatPercent(p.finalSparsity ?? p.targetSparsity), formatPercent(t.sparsity)]),
  );
  const table = formatTable(['pruner', 'layer', 'weight', 'shape', 'params', 'kept', 'target', 'sparsity'], rows);
  const { total } = report.model;
  const untouched = report.pruners.flatMap((p) => p.untouched.map((u) => `${p.name}: ${u.layer} not pruned: ${u.reason}`));
  const frozen = [...new Set(report.pruners.flatMap((p) => p.targets.filter((t) => t.frozen).map((t) => t.path)))];
  const shortfalls = report.shortfalls.map(describeShortfall);
  const channels = report.pruners
    .filter((p) => p.channels.length > 0)
    .map((p) => `${p.name}: channels kept ${p.channels.map((c) => `${c.family} ${c.kept}/${c.channels}`).join(', ')}`);
  const budgetLines = report.target === undefined ? [] : ['', ...budgetRecords()!.describe(report.target)];
  return [
    table,
    ...(shortfalls.length === 0 ? [] : ['', ...shortfalls]),
    ...(untouched.length === 0 ? [] : ['', ...untouched]),
    ...(frozen.length === 0 ? [] : ['', `frozen (trainable: false), masked but never trained: ${frozen.join(', ')}`]),
    ...(channels.length === 0 ? [] : ['', ...channels]),
    ...budgetLines,
    '',
    `model: ${total.nonzeros} of ${total.params} parameters nonzero (${formatPercent(total.sparsity)} sparse, biases included)`,
    `masks: ${report.maskBytes} bytes, ${formatPercent(report.maskMemoryRatio)} of the masked weights' float32 bytes`,
  ].join('\n');
}

/** One line, for reports and the CLI's warning. */
export function describeShortfall(s: ScheduleShortfall): string {
  const units = `${s.short} ${s.unit}${s.short === 1 ? '' : 's'}`;
  return (
    `${s.pruner}: short of its schedule: target ${formatPercent(s.targetSparsity)}, reached ${formatPercent(s.reachedSparsity)}, ` +
    `${units} short (the last mask update is at ${s.unit} ${s.lastUpdate}; train longer, or end the schedule earlier)`
  );
}
