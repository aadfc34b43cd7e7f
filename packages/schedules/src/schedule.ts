import type { ScheduleSpec } from './schedule-spec.js';

/**
 * When, and how far, a pruner prunes. Epochs are the 0-based indices tfjs passes to
 * `onEpochBegin`. Every schedule is a step function: sparsity is 0 before the first update,
 * holds the value set at the last update in between, and masks are frozen after the last update.
 *
 * Built-in schedules come from {@link createSchedule}; a hand-written object that meets this
 * contract works anywhere a built-in one does.
 */
export interface PruningSchedule {
  /** Sparsity the pruned weights must have during `epoch` (0-based). */
  sparsityAt(epoch: number): number;
  /** Whether masks are recomputed at the start of `epoch`. */
  updatesAt(epoch: number): boolean;
  /**
   * The fully-defaulted spec, so `createSchedule(s.toJSON())` behaves exactly like `s`.
   * For user-written schedules this may be any JSON-able object.
   */
  toJSON(): ScheduleSpec;
}

/**
 * Throws a RangeError unless `epoch` could come from tfjs. A fractional or negative epoch is a
 * caller bug (often a step counted as an epoch), and silently flooring it would hide that.
 */
export function checkEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new RangeError(`epoch must be a non-negative integer (got ${String(epoch)})`);
  }
}
