import type { FieldView } from './field-view.js';
import type { ConfigIssue } from './issues.js';

/*
 * What every schedule kind provides, in one record per kind (see `kinds/`). The table in
 * `schedule-kinds.ts` lists them; nothing else switches on a schedule's `type`.
 */

/** A built-in schedule: `toJSON()` returns its fully-defaulted spec. */
export interface BuiltInSchedule<Resolved> {
  sparsityAt(epoch: number): number;
  updatesAt(epoch: number): boolean;
  toJSON(): Resolved;
}

export interface ScheduleKind<Spec extends { type: string }, Resolved extends Spec> {
  readonly type: Spec['type'];
  /** The JSON Schema of the spec, one branch of the schedule `oneOf`. */
  readonly schema: object;
  /** What the kind uses when the spec leaves a field out; the schema's `default`s come from here. */
  readonly defaults: Readonly<Record<string, number>>;
  /** Fills defaults, copying known keys only so nothing else in the input can reach the result. */
  resolve(spec: Spec): Resolved;
  /** Rules the schema cannot express because they relate two fields; run on what passed it. */
  check(fields: FieldView): ConfigIssue[];
  /**
   * Issues for every field that lets the schedule ask for another sparsity than `sparsity` (an
   * n:m granularity can only prune 1 - n/m). Each message is "must be <value> `reason`".
   */
  checkFixedSparsity(fields: FieldView, sparsity: number, reason: string): ConfigIssue[];
  firstUpdate(spec: Resolved): number;
  lastUpdate(spec: Resolved): number;
  create(spec: Resolved): BuiltInSchedule<Resolved>;
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
