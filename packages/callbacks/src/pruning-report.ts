import type * as tfl from '@tensorflow/tfjs-layers';
import {
  countZeros,
  formatPercent,
  formatTable,
  type KeptChannels,
  keptChannels,
  type MaskStore,
  type SparsityReport,
  sparsityReport,
} from '@tfjs-prune/core';

import type { ActivePruner } from './engine/runtime-pruner.js';

export interface TargetReport {
  readonly layer: string;
  readonly path: string;
  readonly weight: string;
  readonly shape: readonly number[];
  readonly size: number;
  /** Entries masked (or, after `strip()`, entries that are exactly zero). */
  readonly pruned: number;
  readonly sparsity: number;
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
  readonly size: number;
  readonly pruned: number;
  readonly sparsity: number;
  readonly targets: readonly TargetReport[];
  /** Structured pruning: selected layers with no channel it may remove (tied to a model output, an unknown layer, ...), and why. */
  readonly untouched: readonly { readonly layer: string; readonly reason: string }[];
  /** Structured pruning: each channel family's prunable channels and how many are kept (with `roundTo`, multiples of it). Empty otherwise. */
  readonly channels: readonly KeptChannels[];
}

/** How close a budget `target` came, as of the last update (`keep` is the schedule's end value). */
export interface BudgetReport {
  readonly metric: 'macs' | 'params';
  /** The fraction the config asks the compacted model to keep. */
  readonly keep: number;
  /** The dense model's MACs or parameters. */
  readonly dense: number;
  /** What the last update aimed at (the budget along the schedule; `keep · dense` at its end). */
  readonly target: number;
  /** What the compacted model costs with the current masks (exact: `countMacs` / `countParams` after `compact`). */
  readonly achieved: number;
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
}

/** The report of `pruners` on `model`; after `strip()` (store disposed) it counts the zeros. */
export function buildPruningReport(model: tfl.LayersModel, pruners: readonly ActivePruner[], store: MaskStore | undefined): PruningReport {
  const reports = pruners.map((p) => buildPrunerReport(p, store));
  const maskBytes = store === undefined || store.isDisposed ? 0 : store.bytes;
  const guardedBytes = 4 * reports.reduce((sum, p) => sum + p.size, 0);
  const budgeted = pruners.find((p) => p.budget !== undefined && p.allocation !== undefined);
  return {
    pruners: reports,
    ...(budgeted === undefined ? {} : { target: budgetReport(budgeted) }),
    model: sparsityReport(model),
    maskBytes,
    maskMemoryRatio: guardedBytes === 0 ? 0 : maskBytes / guardedBytes,
  };
}

function buildPrunerReport(pruner: ActivePruner, store: MaskStore | undefined): PrunerReport {
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
    };
  });
  const size = targets.reduce((sum, t) => sum + t.size, 0);
  const pruned = targets.reduce((sum, t) => sum + t.pruned, 0);
  return {
    name: pruner.name,
    criterion: pruner.summary.criterion,
    granularity: pruner.granularity.name,
    scope: pruner.summary.scope,
    schedule: pruner.summary.schedule,
    targetSparsity: pruner.appliedSparsity,
    size,
    pruned,
    sparsity: size === 0 ? 0 : pruned / size,
    targets,
    untouched: pruner.channels?.untouched ?? [],
    channels: pruner.channels === undefined ? [] : keptChannelsOf(pruner, store),
  };
}

function budgetReport(pruner: ActivePruner): BudgetReport {
  const { metric, keep } = pruner.budget!;
  const { dense, target, achieved } = pruner.allocation!;
  return { metric, keep, dense, target, achieved };
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

/** Per-pruner, per-weight table, then the whole model's totals and what the masks cost. */
export function formatPruningReport(report: PruningReport): string {
  const rows = report.pruners.flatMap((p) =>
    p.targets.map((t) => [p.name, t.path, t.weight, t.shape.join('x'), t.size, t.size - t.pruned, formatPercent(p.targetSparsity), formatPercent(t.sparsity)]),
  );
  const table = formatTable(['pruner', 'layer', 'weight', 'shape', 'params', 'kept', 'target', 'sparsity'], rows);
  const { total } = report.model;
  const untouched = report.pruners.flatMap((p) => p.untouched.map((u) => `${p.name}: ${u.layer} not pruned: ${u.reason}`));
  const channels = report.pruners
    .filter((p) => p.channels.length > 0)
    .map((p) => `${p.name}: channels kept ${p.channels.map((c) => `${c.family} ${c.kept}/${c.channels}`).join(', ')}`);
  const budget = report.target;
  const budgetLine =
    budget === undefined
      ? []
      : [
          '',
          `target: ${budget.metric} ${formatPercent(budget.keep)} of the dense ${budget.dense}; last update aimed at ${Math.round(budget.target)}, ` +
            `the compacted model will have ${budget.achieved} (${formatPercent(budget.achieved / budget.dense)} of dense)`,
        ];
  return [
    table,
    ...(untouched.length === 0 ? [] : ['', ...untouched]),
    ...(channels.length === 0 ? [] : ['', ...channels]),
    ...budgetLine,
    '',
    `model: ${total.nonzeros} of ${total.params} parameters nonzero (${formatPercent(total.sparsity)} sparse, biases included)`,
    `masks: ${report.maskBytes} bytes, ${formatPercent(report.maskMemoryRatio)} of the masked weights' float32 bytes`,
  ].join('\n');
}
