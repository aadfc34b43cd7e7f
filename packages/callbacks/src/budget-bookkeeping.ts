import { formatPercent } from '@tfjs-prune/core/internal';

import type { BudgetRecords, BudgetReport } from './budget-records.js';
import { describeLatency, latencyReport } from './latency/latency-report.js';

/** A budget target's report, `formatReport()` lines and state; behind `@tfjs-prune/callbacks/budget`, which alone allocates budgets. */
export const budgetBookkeeping: BudgetRecords = {
  report(pruner): BudgetReport {
    const { metric, keep } = pruner.budget!;
    const { dense, target, achieved } = pruner.allocation!;
    const latency = pruner.latency === undefined ? undefined : latencyReport(pruner.latency);
    return { metric, keep: latency?.keep ?? keep, dense, target, achieved, ...(latency === undefined ? {} : { latency }) };
  },
  describe(budget) {
    return [
      `target: ${budget.metric} ${formatPercent(budget.keep)} of the dense ${budget.dense}; last update aimed at ${Math.round(budget.target)}, ` +
        `the compacted model will have ${budget.achieved} (${formatPercent(budget.achieved / budget.dense)} of dense)`,
      ...(budget.latency === undefined ? [] : [describeLatency(budget.latency)]),
    ];
  },
  save({ allocation, latency }) {
    return {
      ...(allocation && { allocation: { dense: allocation.dense, target: allocation.target, achieved: allocation.achieved } }),
      ...(latency?.choice && { latency: { choice: latency.choice, final: latency.final } }),
    };
  },
  restore(pruner, saved) {
    // A state saved before the first allocation has none: the next update allocates (and searches).
    pruner.allocation = saved?.allocation && { ...saved.allocation };
    if (pruner.latency) Object.assign(pruner.latency, { choice: saved?.latency?.choice, final: saved?.latency?.final });
  },
};
