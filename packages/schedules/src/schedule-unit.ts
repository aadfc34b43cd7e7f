import type { FieldView } from './field-view.js';
import type { ConfigIssue } from './issues.js';

/**
 * What a schedule counts. `epoch`: the 0-based epoch index tfjs passes to `onEpochBegin`,
 * masks recomputed at an epoch's start. `step`: the 0-based index of an optimizer step since
 * training began (across `fit` calls), masks recomputed right before that step is applied, as
 * TFMOT's `PolynomialDecay` counts.
 */
export type ScheduleUnit = 'epoch' | 'step';

/** One fact, one place: the fields that make a built-in spec count optimizer steps. */
export const stepFields = Object.freeze(['startStep', 'endStep', 'step', 'stepsPerRound'] as const);
/** Their epoch counterparts; a spec may hold fields of one list only. */
export const epochFields = Object.freeze(['startEpoch', 'endEpoch', 'epoch', 'epochsPerRound'] as const);

/** The unit of a built-in spec: `step` as soon as it has a step field. */
export function specUnit(spec: object): ScheduleUnit {
  return stepFields.some((key) => Object.hasOwn(spec, key)) ? 'step' : 'epoch';
}

/**
 * Issues for a spec that mixes the two clocks: each step field is reported, pointing at the
 * epoch field it clashes with, since either one alone would be a valid schedule.
 */
export function mixedUnitIssues(spec: Readonly<Record<string, unknown>>, fields: FieldView): ConfigIssue[] {
  const epochKey = epochFields.find((key) => Object.hasOwn(spec, key));
  if (epochKey === undefined) return [];
  return stepFields
    .filter((key) => Object.hasOwn(spec, key))
    .map((key) => ({
      pointer: fields.pointer(key),
      message: `cannot be combined with "${epochKey}": a schedule counts either epochs (${epochFields.join(', ')}) or optimizer steps (${stepFields.join(', ')})`,
    }));
}

/**
 * Throws a RangeError unless `value` is a valid index in `unit`. A fractional or negative
 * index is a caller bug (often a step counted as an epoch), and flooring it would hide that.
 */
export function checkIndex(value: number, unit: ScheduleUnit): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${unit} must be a non-negative integer (got ${String(value)})`);
  }
}
