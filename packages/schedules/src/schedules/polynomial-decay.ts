import { checkEpoch, type PruningSchedule } from '../schedule.js';
import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../validation/field-view.js';
import { sparsityMustBe } from '../validation/fixed-sparsity.js';

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

export function resolvePolynomialDecay(spec: PolynomialDecaySpec): ResolvedPolynomialDecaySpec {
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
export function checkPolynomialDecay(fields: FieldView): ConfigIssue[] {
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
export function checkPolynomialDecayFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  return [
    ...sparsityMustBe(fields, 'initialSparsity', sparsity, reason, polynomialDecayDefaults.initialSparsity),
    ...sparsityMustBe(fields, 'finalSparsity', sparsity, reason),
  ];
}

export function polynomialDecay(spec: ResolvedPolynomialDecaySpec): PruningSchedule {
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
