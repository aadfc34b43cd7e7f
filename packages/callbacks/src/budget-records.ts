import type { ActivePruner } from './engine/runtime-pruner.js';
import type { LatencyTargetReport } from './state/latency-records.js';
import type { PrunerState, PruningStateInput } from './state/pruning-state.js';

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
  /** Set for a latency target, which is a MAC target (`keep` the measured fraction) found by measurement. */
  readonly latency?: LatencyTargetReport | undefined;
}

/**
 * What a budget target reports and keeps across a resume: registered with the allocator by
 * `@tfjs-prune/callbacks/budget`, as only it can allocate a budget (a page that prunes by
 * sparsity carries none of it).
 */
export interface BudgetRecords {
  /** The report of a pruner whose budget has been allocated. */
  report(pruner: ActivePruner): BudgetReport;
  /** Its lines in `formatReport()`. */
  describe(report: BudgetReport): string[];
  /** The pruner's budget fields of its exported state (none before its first allocation). */
  save(pruner: ActivePruner): Pick<PrunerState, 'allocation' | 'latency'>;
  /** Restores what `save` gave, from a state (possibly through JSON). */
  restore(pruner: ActivePruner, saved: PruningStateInput['pruners'][number] | undefined): void;
}

let registered: BudgetRecords | undefined;

export function registerBudgetRecords(records: BudgetRecords | undefined): void {
  registered = records;
}

export function budgetRecords(): BudgetRecords | undefined {
  return registered;
}
