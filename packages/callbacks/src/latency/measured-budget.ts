import type { PrunerBudget } from '../engine/budget-binding.js';
import type { LatencyState } from '../engine/latency-state.js';
import { PruningEngineError } from '../errors/pruning-engine-error.js';

/** See `LatencySupport.budget`. */
export function measuredBudget(budget: PrunerBudget, latency: LatencyState, pruner: string): PrunerBudget {
  const keep = latency.choice?.keep;
  if (keep === undefined) {
    throw new PruningEngineError(
      'LATENCY_NOT_MEASURED',
      `pruner "${pruner}" prunes to a latency target whose speedup has not been measured yet: ` +
        'call (and await) engine.measureTargets(epoch) before engine.beginEpoch(epoch) (PruningCallback does it)',
    );
  }
  return { ...budget, keep };
}
