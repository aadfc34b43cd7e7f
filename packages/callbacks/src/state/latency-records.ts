/*
 * What a latency target measured: kept in the pruning state (a resumed run does not search
 * again) and shown in the report. Records only: the search and the measurer are in ../latency/.
 */

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

/** A latency target: what was asked, the MAC fraction measurement chose, and what the result measured. */
export interface LatencyTargetReport {
  /** The speedup asked for, at `batch`. */
  readonly speedup: number;
  readonly batch: number;
  /** The MAC fraction the search chose (the report's `keep`). */
  readonly keep: number;
  /** The chosen candidate's measurement, before the first update. */
  readonly searched: SpeedupMeasurement;
  /** Every candidate the search measured, in order. */
  readonly candidates: readonly LatencyCandidate[];
  /** Dense against the compacted model after the last update; undefined before it. */
  readonly measured: SpeedupMeasurement | undefined;
  /** False when the fastest candidate, every family at its floor, measured below `speedup`: this backend cannot reach it. */
  readonly reachable: boolean;
}
