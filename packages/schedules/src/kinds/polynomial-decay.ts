import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../field-view.js';
import { sparsityMustBe } from '../fixed-sparsity.js';
import type { BuiltInSchedule, ScheduleKind } from '../schedule-kind.js';
import { checkIndex, mixedUnitIssues, specUnit, type ScheduleUnit } from '../schedule-unit.js';

/**
 * Gradual pruning of Zhu & Gupta 2017, "To prune, or not to prune" (the curve of TFMOT's
 * `PolynomialDecay`), counted in epochs (`startEpoch`, `endEpoch`) or in optimizer steps
 * (`startStep`, `endStep`, as TFMOT counts). Masks are updated at every index `t` in
 * [start, end] with `(t - start) % frequency == 0`, and always at end. At an update `t`:
 *
 *     s(t) = finalSparsity + (initialSparsity - finalSparsity) * (1 - (t - start) / (end - start)) ^ power
 *
 * so pruning is fast while many redundant weights remain and slows as the network gets sparse.
 */
export interface PolynomialDecayEpochSpec {
  type: 'polynomial-decay';
  /** Sparsity reached at startEpoch. Defaults to 0. */
  initialSparsity?: number;
  /** Sparsity reached at endEpoch and kept afterwards. */
  finalSparsity: number;
  /** First update epoch. Defaults to 0. */
  startEpoch?: number;
  /** Last update epoch; must be greater than startEpoch. */
  endEpoch: number;
  /** Epochs between updates. Defaults to 1. */
  frequency?: number;
  /** Exponent of the decay; 1 is linear. Defaults to 3. */
  power?: number;
}

/** The same curve counted in optimizer steps since training began (across `fit` calls). */
export interface PolynomialDecayStepSpec {
  type: 'polynomial-decay';
  /** Sparsity reached at startStep. Defaults to 0. */
  initialSparsity?: number;
  /** Sparsity reached at endStep and kept afterwards. */
  finalSparsity: number;
  /** First update step (0-based). Defaults to 0. */
  startStep?: number;
  /** Last update step; must be greater than startStep. */
  endStep: number;
  /** Optimizer steps between updates. Defaults to 1. */
  frequency?: number;
  /** Exponent of the decay; 1 is linear. Defaults to 3. */
  power?: number;
}

export type PolynomialDecaySpec = PolynomialDecayEpochSpec | PolynomialDecayStepSpec;
export type ResolvedPolynomialDecaySpec = Required<PolynomialDecayEpochSpec> | Required<PolynomialDecayStepSpec>;

export const polynomialDecayDefaults = { initialSparsity: 0, startEpoch: 0, startStep: 0, frequency: 1, power: 3 } as const;

/** The curve's span in its own unit. */
interface Span { readonly unit: ScheduleUnit; readonly start: number; readonly end: number }

function spanOf(spec: ResolvedPolynomialDecaySpec): Span {
  return 'endStep' in spec ? { unit: 'step', start: spec.startStep, end: spec.endStep } : { unit: 'epoch', start: spec.startEpoch, end: spec.endEpoch };
}

function resolvePolynomialDecay(spec: PolynomialDecaySpec): ResolvedPolynomialDecaySpec {
  const d = polynomialDecayDefaults;
  const common = {
    type: 'polynomial-decay',
    initialSparsity: spec.initialSparsity ?? d.initialSparsity,
    finalSparsity: spec.finalSparsity,
  } as const;
  const tail = { frequency: spec.frequency ?? d.frequency, power: spec.power ?? d.power };
  if (specUnit(spec) === 'step') {
    const s = spec as PolynomialDecayStepSpec;
    return { ...common, startStep: s.startStep ?? d.startStep, endStep: s.endStep, ...tail };
  }
  const e = spec as PolynomialDecayEpochSpec;
  return { ...common, startEpoch: e.startEpoch ?? d.startEpoch, endEpoch: e.endEpoch, ...tail };
}

/** Rules the schema cannot express because they relate two fields. */
function checkPolynomialDecay(fields: FieldView, spec: Readonly<Record<string, unknown>>): ConfigIssue[] {
  const mixed = mixedUnitIssues(spec, fields);
  if (mixed.length > 0) return mixed;
  const issues: ConfigIssue[] = [];
  const [startKey, endKey] = specUnit(spec) === 'step' ? ['startStep', 'endStep'] as const : ['startEpoch', 'endEpoch'] as const;
  if (!Object.hasOwn(spec, endKey)) {
    const other = endKey === 'endEpoch' ? '"endStep", to count optimizer steps' : '"endEpoch", to count epochs';
    issues.push({ pointer: fields.pointer('').slice(0, -1), message: `is missing required key "${endKey}" (or ${other})` });
  }
  const start = fields.number(startKey, polynomialDecayDefaults[startKey]);
  const end = fields.number(endKey);
  if (start !== undefined && end !== undefined && end <= start) {
    issues.push(fields.issue(endKey, `must be > ${startKey}, which is ${start}`));
  }
  const initial = fields.number('initialSparsity', polynomialDecayDefaults.initialSparsity);
  const final = fields.number('finalSparsity');
  if (initial !== undefined && final !== undefined && initial > final) {
    issues.push(fields.issue('initialSparsity', `must be <= finalSparsity, which is ${final}`));
  }
  return issues;
}

/** Issues unless the schedule only ever asks for `sparsity`: a flat curve at exactly that. */
function checkPolynomialDecayFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  return [
    ...sparsityMustBe(fields, 'initialSparsity', sparsity, reason, polynomialDecayDefaults.initialSparsity),
    ...sparsityMustBe(fields, 'finalSparsity', sparsity, reason),
  ];
}

function polynomialDecay(spec: ResolvedPolynomialDecaySpec): BuiltInSchedule<ResolvedPolynomialDecaySpec> {
  const { initialSparsity, finalSparsity, frequency, power } = spec;
  const { unit, start, end } = spanOf(spec);
  return {
    unit,
    sparsityAt(t) {
      checkIndex(t, unit);
      if (t < start) return 0;
      // The exact configured value, not a float that merely rounds to it.
      if (t >= end) return finalSparsity;
      const lastUpdate = t - ((t - start) % frequency);
      const remaining = 1 - (lastUpdate - start) / (end - start);
      // The formula above rearranged so `start` gives exactly initialSparsity; the clamp
      // keeps rounding from overshooting finalSparsity just before `end`.
      const progress = 1 - remaining ** power;
      return Math.min(finalSparsity, initialSparsity + (finalSparsity - initialSparsity) * progress);
    },
    updatesAt(t) {
      checkIndex(t, unit);
      if (t === end) return true;
      return t >= start && t < end && (t - start) % frequency === 0;
    },
    toJSON: () => ({ ...spec }),
  };
}

export const polynomialDecayKind = {
  type: 'polynomial-decay',
  defaults: polynomialDecayDefaults,
  resolve: resolvePolynomialDecay,
  check: checkPolynomialDecay,
  checkFixedSparsity: checkPolynomialDecayFixed,
  firstUpdate: (spec) => spanOf(spec).start,
  lastUpdate: (spec) => spanOf(spec).end,
  create: polynomialDecay,
} as const satisfies ScheduleKind<PolynomialDecaySpec, ResolvedPolynomialDecaySpec>;
