import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../field-view.js';
import { sparsityMustBe } from '../fixed-sparsity.js';
import { checkEpoch, type BuiltInSchedule, type ScheduleKind } from '../schedule-kind.js';
import { epochField, positiveIntegerField, scheduleTypeField, sparsityField } from '../schema/fields.js';

/**
 * Gradual pruning of Zhu & Gupta 2017, "To prune, or not to prune" (the curve of TFMOT's
 * `PolynomialDecay`, counted in epochs instead of steps). Masks are updated at every epoch `e` in
 * [startEpoch, endEpoch] with `(e - startEpoch) % frequency == 0`, and always at endEpoch. At an
 * update epoch `e`:
 *
 *     s(e) = finalSparsity + (initialSparsity - finalSparsity) * (1 - (e - startEpoch) / (endEpoch - startEpoch)) ^ power
 *
 * so pruning is fast while many redundant weights remain and slows as the network gets sparse.
 */
export interface PolynomialDecaySpec {
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

export type ResolvedPolynomialDecaySpec = Required<PolynomialDecaySpec>;

export const polynomialDecayDefaults = { initialSparsity: 0, startEpoch: 0, frequency: 1, power: 3 } as const;

function resolvePolynomialDecay(spec: PolynomialDecaySpec): ResolvedPolynomialDecaySpec {
  const d = polynomialDecayDefaults;
  return {
    type: 'polynomial-decay',
    initialSparsity: spec.initialSparsity ?? d.initialSparsity,
    finalSparsity: spec.finalSparsity,
    startEpoch: spec.startEpoch ?? d.startEpoch,
    endEpoch: spec.endEpoch,
    frequency: spec.frequency ?? d.frequency,
    power: spec.power ?? d.power,
  };
}

/** Rules the schema cannot express because they relate two fields. */
function checkPolynomialDecay(fields: FieldView): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const start = fields.number('startEpoch', polynomialDecayDefaults.startEpoch);
  const end = fields.number('endEpoch');
  if (start !== undefined && end !== undefined && end <= start) {
    issues.push(fields.issue('endEpoch', `must be > startEpoch, which is ${start}`));
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
  const { initialSparsity, finalSparsity, startEpoch, endEpoch, frequency, power } = spec;
  return {
    sparsityAt(epoch) {
      checkEpoch(epoch);
      if (epoch < startEpoch) return 0;
      // The exact configured value, not a float that merely rounds to it.
      if (epoch >= endEpoch) return finalSparsity;
      const lastUpdate = epoch - ((epoch - startEpoch) % frequency);
      const remaining = 1 - (lastUpdate - startEpoch) / (endEpoch - startEpoch);
      // The formula above rearranged so startEpoch gives exactly initialSparsity; the clamp
      // keeps rounding from overshooting finalSparsity just before endEpoch.
      const progress = 1 - remaining ** power;
      return Math.min(finalSparsity, initialSparsity + (finalSparsity - initialSparsity) * progress);
    },
    updatesAt(epoch) {
      checkEpoch(epoch);
      if (epoch === endEpoch) return true;
      return epoch >= startEpoch && epoch < endEpoch && (epoch - startEpoch) % frequency === 0;
    },
    toJSON: () => ({ ...spec }),
  };
}

/** JSON Schema of `PolynomialDecaySpec`; defaults come from the code so they cannot drift. */
const polynomialDecaySchema = {
  type: 'object',
  title: 'Polynomial decay schedule',
  description: 'Zhu & Gupta 2017: sparsity rises from initialSparsity to finalSparsity between startEpoch and endEpoch along s(e) = final + (initial - final) * (1 - (e - start) / (end - start))^power.',
  required: ['type', 'finalSparsity', 'endEpoch'],
  additionalProperties: false,
  properties: {
    type: scheduleTypeField('polynomial-decay'),
    initialSparsity: sparsityField({
      title: 'Initial sparsity',
      description: 'Sparsity set at startEpoch (before it, sparsity is 0). Must not exceed finalSparsity.',
      default: polynomialDecayDefaults.initialSparsity,
      examples: [0, 0.5],
    }),
    finalSparsity: sparsityField({
      title: 'Final sparsity',
      description: 'Fraction of weights pruned from endEpoch on, in [0, 1).',
      examples: [0.9, 0.5],
    }),
    startEpoch: epochField({
      title: 'Start epoch',
      description: 'First epoch (0-based) whose start recomputes masks.',
      default: polynomialDecayDefaults.startEpoch,
      examples: [0, 1],
    }),
    endEpoch: epochField({
      title: 'End epoch',
      description: 'Last epoch (0-based) whose start recomputes masks; finalSparsity holds from here on. Must be greater than startEpoch.',
      examples: [6, 8],
    }),
    frequency: positiveIntegerField({
      title: 'Update frequency',
      description: 'Epochs between mask updates; endEpoch is always an update even when the span is not a multiple.',
      default: polynomialDecayDefaults.frequency,
      examples: [1, 2],
    }),
    power: {
      type: 'number',
      exclusiveMinimum: 0,
      title: 'Decay power',
      description: 'Exponent of the curve: 1 prunes linearly, 3 (Zhu & Gupta) prunes fast early and gently late.',
      default: polynomialDecayDefaults.power,
      examples: [3, 1],
    },
  },
  examples: [{ type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8 }],
} as const;

export const polynomialDecayKind = {
  type: 'polynomial-decay',
  schema: polynomialDecaySchema,
  defaults: polynomialDecayDefaults,
  resolve: resolvePolynomialDecay,
  check: checkPolynomialDecay,
  checkFixedSparsity: checkPolynomialDecayFixed,
  firstUpdate: (spec) => spec.startEpoch,
  lastUpdate: (spec) => spec.endEpoch,
  create: polynomialDecay,
} as const satisfies ScheduleKind<PolynomialDecaySpec, ResolvedPolynomialDecaySpec>;
