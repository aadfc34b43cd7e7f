import { formatPercent } from '@tfjs-prune/core/internal';

import type { BudgetReport, BudgetReporting } from './budget-report.js';
import { describeLatency, latencyReport } from './latency/latency-report.js';

/** A budget target's report and `formatReport()` lines; behind `@tfjs-prune/callbacks/budget`, which alone allocates budgets. */
export const budgetReportLines: BudgetReporting = {
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
};
