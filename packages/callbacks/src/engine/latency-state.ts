import type { LatencyChoice, SpeedupMeasurement } from '../state/latency-records.js';

/** A latency-targeted pruner's progress: the fraction measured before its first update, and the last update's result. */
export interface LatencyState {
  readonly speedup: number;
  readonly batch: number;
  /** Set by the search before the first update (or restored with the pruning state). */
  choice?: LatencyChoice | undefined;
  /** Dense against the compacted model, measured at the end of the schedule's last update epoch. */
  final?: SpeedupMeasurement | undefined;
}
