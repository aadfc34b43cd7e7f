import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../field-view.js';
import { sparsityMustBe } from '../fixed-sparsity.js';
import type { BuiltInSchedule, ScheduleKind } from '../schedule-kind.js';
import { checkIndex, mixedUnitIssues } from '../schedule-unit.js';

/**
 * Prune once: masks are computed at the start of `epoch` (or right before optimizer step
 * `step`) to `sparsity` and frozen from then on. The baseline of Han et al. 2015 ("Learning
 * both Weights and Connections for Efficient Neural Networks") before iteration; with
 * `epoch: 0` it prunes a trained model and fine-tunes it.
 *
 *     s(t) = 0 for t < epoch (or step),  sparsity for t >= epoch (or step)
 */
export interface OneShotEpochSpec {
  type: 'one-shot';
  /** Sparsity set at `epoch` and kept afterwards. */
  sparsity: number;
  /** The only update epoch. Defaults to 0. */
  epoch?: number;
}

/** Prune once, right before the optimizer step `step` (0-based, counted across `fit` calls). */
export interface OneShotStepSpec {
  type: 'one-shot';
  /** Sparsity set at `step` and kept afterwards. */
  sparsity: number;
  /** The only update step. */
  step: number;
}

export type OneShotSpec = OneShotEpochSpec | OneShotStepSpec;
export type ResolvedOneShotSpec = Required<OneShotEpochSpec> | OneShotStepSpec;

export const oneShotDefaults = { epoch: 0 } as const;

function resolveOneShot(spec: OneShotSpec): ResolvedOneShotSpec {
  if ('step' in spec) return { type: 'one-shot', sparsity: spec.sparsity, step: spec.step };
  return { type: 'one-shot', sparsity: spec.sparsity, epoch: spec.epoch ?? oneShotDefaults.epoch };
}

/** Issues unless the schedule only ever asks for `sparsity`. */
function checkOneShotFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  return sparsityMustBe(fields, 'sparsity', sparsity, reason);
}

const updateOf = (spec: ResolvedOneShotSpec): number => ('step' in spec ? spec.step : spec.epoch);

function oneShot(spec: ResolvedOneShotSpec): BuiltInSchedule<ResolvedOneShotSpec> {
  const { sparsity } = spec;
  const unit = 'step' in spec ? 'step' : 'epoch';
  const update = updateOf(spec);
  return {
    unit,
    sparsityAt(t) {
      checkIndex(t, unit);
      return t >= update ? sparsity : 0;
    },
    updatesAt(t) {
      checkIndex(t, unit);
      return t === update;
    },
    toJSON: () => ({ ...spec }),
  };
}

export const oneShotKind = {
  type: 'one-shot',
  defaults: oneShotDefaults,
  resolve: resolveOneShot,
  check: (fields, spec) => mixedUnitIssues(spec, fields),
  checkFixedSparsity: checkOneShotFixed,
  firstUpdate: updateOf,
  lastUpdate: updateOf,
  create: oneShot,
} as const satisfies ScheduleKind<OneShotSpec, ResolvedOneShotSpec>;
