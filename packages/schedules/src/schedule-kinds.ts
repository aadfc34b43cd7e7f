import { iterativeKind, type IterativeSpec, type ResolvedIterativeSpec } from './kinds/iterative.js';
import { oneShotKind, type OneShotSpec, type ResolvedOneShotSpec } from './kinds/one-shot.js';
import { polynomialDecayKind, type PolynomialDecaySpec, type ResolvedPolynomialDecaySpec } from './kinds/polynomial-decay.js';
import type { ScheduleKind } from './schedule-kind.js';

/*
 * The one table of schedule kinds. Adding a kind is one file in `kinds/` (its spec types,
 * defaults, rules and factory), its schema beside it (`kinds/<type>-schema.ts`, listed in
 * `schema/schedule-schema.ts` in this table's order), one entry here and one row in the
 * table-driven tests.
 */

/** In the order of the schema's `oneOf` (schema/schedule-schema.ts), which editors show as completions. */
export const scheduleKinds = [polynomialDecayKind, oneShotKind, iterativeKind] as const;

/** A schedule as written in a config: optional fields may be omitted. */
export type ScheduleSpec = PolynomialDecaySpec | OneShotSpec | IterativeSpec;

/** A schedule with every default filled in, as `toJSON()` returns it. */
export type ResolvedScheduleSpec = ResolvedPolynomialDecaySpec | ResolvedOneShotSpec | ResolvedIterativeSpec;

export type ScheduleType = ScheduleSpec['type'];

type AnyKind = ScheduleKind<ScheduleSpec, ResolvedScheduleSpec>;

const byType = new Map<string, AnyKind>(
  // Each record is typed for its own spec; the table hands a record only specs of its `type`.
  scheduleKinds.map((kind) => [kind.type, kind as unknown as AnyKind]),
);

export function isScheduleType(value: unknown): value is ScheduleType {
  return typeof value === 'string' && byType.has(value);
}

/** The record of a kind; `type` has been checked (by the schema or {@link isScheduleType}). */
export function scheduleKind(type: ScheduleType): AnyKind {
  const kind = byType.get(type);
  if (kind === undefined) throw new Error(`unknown schedule type ${JSON.stringify(type)}`); // unreachable: typed
  return kind;
}
