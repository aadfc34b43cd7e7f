import type { SpeedupMeasurer } from '../latency/speedup-measurement.js';
import type { PrunerBudget } from './budget-binding.js';
import type { LatencyState } from './latency-state.js';
import type { Binding } from './model-binding.js';
import type { ActivePruner } from './runtime-pruner.js';

/** What a latency target needs beyond a MAC budget: a search by measurement, and the measurement of the result. */
export interface LatencySupport {
  /**
   * For each of `due` with a latency target and no fraction yet: finds the MAC fraction whose
   * compacted candidate runs the asked speedup, measured with `measure` (default: alternated
   * medians on random inputs, on the backend in use).
   */
  search(binding: Binding, due: readonly ActivePruner[], measure: SpeedupMeasurer | undefined): Promise<void>;
  /** At the end of a latency target's last update epoch: the compacted model measured against the bound one. */
  measureResult(binding: Binding, epoch: number, measure: SpeedupMeasurer | undefined): Promise<void>;
  /**
   * The MAC budget a latency-targeted pruner prunes to: the fraction the search found. Throws
   * before the search: an update would prune by a fraction nobody measured.
   */
  budget(budget: PrunerBudget, latency: LatencyState, pruner: string): PrunerBudget;
}

/*
 * Registered by `@tfjs-prune/callbacks/budget` with the allocator: the search compacts
 * candidates and times them, which a page that prunes by sparsity should not carry (nor the
 * report's latency line: the main entry's gzipped bundle has a 35 KiB ceiling).
 */
let registered: LatencySupport | undefined;

export function registerLatencySupport(support: LatencySupport | undefined): void {
  registered = support;
}

export function latencySupport(): LatencySupport | undefined {
  return registered;
}
