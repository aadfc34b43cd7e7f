import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * How much faster a compacted model ran than the dense one: dense time over compacted time per
 * `predict` (output read back), the median over alternated rounds, with the spread of those
 * per-round ratios.
 */
export interface SpeedupMeasurement {
  /** Median of the per-round ratios dense / compacted. */
  readonly speedup: number;
  /** Lower and upper quartiles of the per-round ratios: the spread to quote with the median. */
  readonly p25: number;
  readonly p75: number;
}

/**
 * Times `dense` against `candidate` on inputs of `batch` examples. The default (registered by
 * `@tfjs-prune/callbacks/budget`) alternates the two on random inputs on the backend in use;
 * tests pass a deterministic one so that nothing is timed. Must dispose every tensor it makes
 * and leave both models as they are.
 */
export type SpeedupMeasurer = (dense: tfl.LayersModel, candidate: tfl.LayersModel, batch: number) => Promise<SpeedupMeasurement>;

/** One candidate the search measured: the MAC fraction it keeps and its measured speedup. */
export interface LatencyCandidate {
  /** The compacted candidate's MACs over the dense model's. */
  readonly keep: number;
  readonly speedup: number;
  /** The candidate was every family at its floor: nothing can run faster. */
  readonly floor: boolean;
}

/** What the search chose for a latency target: the MAC fraction the schedule then prunes to. */
export interface LatencyChoice {
  /** Fraction of the dense model's MACs to keep at the schedule's end. */
  readonly keep: number;
  /** The measurement of the chosen candidate. */
  readonly measured: SpeedupMeasurement;
  /** Every candidate measured, in the order measured. */
  readonly candidates: readonly LatencyCandidate[];
}
