import type { ScheduleUnit } from './schedule-unit.js';

/**
 * When, and how far, a pruner prunes, counted in epochs (the 0-based indices tfjs passes to
 * `onEpochBegin`) or, when `unit` is `"step"`, in optimizer steps since training began. Every
 * schedule is a step function: sparsity is 0 before the first update, holds the value set at
 * the last update in between, and masks are frozen after the last update.
 *
 * Built-in schedules come from {@link createSchedule}; a hand-written object that meets this
 * contract works anywhere a built-in one does, also as the `schedule` of a pruner in a config
 * written in code (see `PruningConfigInput`).
 */
export interface PruningSchedule {
  /**
   * What the index of `sparsityAt` and `updatesAt` counts. Defaults to `"epoch"` (masks
   * recomputed at an epoch's start); `"step"` recomputes them right before the optimizer step
   * of that 0-based index, counted across `fit` calls.
   */
  readonly unit?: ScheduleUnit | undefined;
  /** Sparsity the pruned weights must have during epoch (or step) `index` (0-based). */
  sparsityAt(index: number): number;
  /** Whether masks are recomputed at the start of epoch (or step) `index`. */
  updatesAt(index: number): boolean;
  /**
   * A JSON-able description, written where the config is saved (checkpoints). Built-in schedules
   * return their fully-defaulted spec, so `createSchedule(s.toJSON())` behaves exactly like `s`.
   */
  toJSON(): unknown;
}

/** The methods a value needs to be taken for a {@link PruningSchedule}, in the order they are listed. */
export const pruningScheduleMethods = ['sparsityAt', 'updatesAt', 'toJSON'] as const;

/**
 * Whether `value` was meant as a schedule object rather than a JSON spec: it has at least one of
 * the methods (own or inherited, so class instances count). A spec never holds a function.
 */
export function looksLikeScheduleObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null
    && pruningScheduleMethods.some((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/** The methods `value` lacks to be a {@link PruningSchedule}; empty when it is one. */
export function missingScheduleMethods(value: object): string[] {
  return pruningScheduleMethods.filter((name) => typeof (value as Record<string, unknown>)[name] !== 'function');
}

/** Structural, so a schedule from another copy of this package, or a class of the caller's, counts. */
export function isPruningSchedule(value: unknown): value is PruningSchedule {
  return looksLikeScheduleObject(value) && missingScheduleMethods(value as object).length === 0;
}

/** What a schedule counts: its `unit`, `"epoch"` when it gives none. */
export function unitOf(schedule: PruningSchedule): ScheduleUnit {
  return schedule.unit ?? 'epoch';
}
