import type { ActivePruner } from './engine/runtime-pruner.js';
import type { LatencyTargetReport } from './state/latency-records.js';

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

/** How a budget target is reported: registered with the allocator by `@tfjs-prune/callbacks/budget`, as only it can allocate one. */
export interface BudgetReporting {
  /** The report of a pruner whose budget has been allocated. */
  report(pruner: ActivePruner): BudgetReport;
  /** Its lines in `formatReport()`. */
  describe(report: BudgetReport): string[];
}

let registered: BudgetReporting | undefined;

export function registerBudgetReporting(reporting: BudgetReporting | undefined): void {
  registered = reporting;
}

export function budgetReporting(): BudgetReporting | undefined {
  return registered;
}
