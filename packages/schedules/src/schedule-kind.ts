import type { FieldView } from './field-view.js';
import type { ConfigIssue } from './issues.js';
import type { ScheduleUnit } from './schedule-unit.js';

/*
 * What every schedule kind provides, in one record per kind (see `kinds/`). The table in
 * `schedule-kinds.ts` lists them; nothing else switches on a schedule's `type`.
 */

/** A built-in schedule: `toJSON()` returns its fully-defaulted spec. */
export interface BuiltInSchedule<Resolved> {
  /** What `sparsityAt` and `updatesAt` count: `step` when the spec has a step field. */
  readonly unit: ScheduleUnit;
  sparsityAt(index: number): number;
  updatesAt(index: number): boolean;
  toJSON(): Resolved;
}

export interface ScheduleKind<Spec extends { type: string }, Resolved extends Spec> {
  readonly type: Spec['type'];
  /**
   * What the kind uses when the spec leaves a field out; the schema's `default`s come from here.
   * The kind's JSON Schema lives beside it (`kinds/<type>-schema.ts`), out of the record, so a
   * page that runs schedules does not carry their editor docs.
   */
  readonly defaults: Readonly<Record<string, number>>;
  /** Fills defaults, copying known keys only so nothing else in the input can reach the result. */
  resolve(spec: Spec): Resolved;
  /**
   * Rules the schema cannot express because they relate two fields (or say which of two is
   * required); run on what passed it. `spec` is the raw object, for which keys are present.
   */
  check(fields: FieldView, spec: Readonly<Record<string, unknown>>): ConfigIssue[];
  /**
   * Issues for every field that lets the schedule ask for another sparsity than `sparsity` (an
   * n:m granularity can only prune 1 - n/m). Each message is "must be <value> `reason`".
   */
  checkFixedSparsity(fields: FieldView, sparsity: number, reason: string): ConfigIssue[];
  /** The first and last update, in the spec's unit (see `specUnit`). */
  firstUpdate(spec: Resolved): number;
  lastUpdate(spec: Resolved): number;
  create(spec: Resolved): BuiltInSchedule<Resolved>;
}
