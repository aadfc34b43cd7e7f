import type { PruningEvents } from '../pruning-events.js';
import type { PruningReport } from '../pruning-report.js';

/** What the loggers read from a `PruningCallback` or a `PruningEngine`: its report and its events. */
export interface PruningSource {
  report(): PruningReport;
  on<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): unknown;
}

/** The fraction of every pruner's weights that is masked now (biases of other layers not counted). */
export function prunedFraction(report: PruningReport): number {
  const size = report.pruners.reduce((sum, p) => sum + p.size, 0);
  return size === 0 ? 0 : report.pruners.reduce((sum, p) => sum + p.pruned, 0) / size;
}
