import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../field-view.js';
import { sparsityMustBe } from '../fixed-sparsity.js';
import { checkEpoch, type BuiltInSchedule, type ScheduleKind } from '../schedule-kind.js';
import { epochField, scheduleTypeField, sparsityField } from '../schema/fields.js';

/**
 * Prune once: masks are computed at the start of `epoch` to `sparsity` and frozen from then on.
 * The baseline of Han et al. 2015 ("Learning both Weights and Connections for Efficient Neural
 * Networks") before iteration; with `epoch: 0` it prunes a trained model and fine-tunes it.
 *
 *     s(e) = 0 for e < epoch,  sparsity for e >= epoch
 */
export interface OneShotSpec {
  type: 'one-shot';
  /** Sparsity set at `epoch` and kept afterwards. */
  sparsity: number;
  /** The only update epoch. Defaults to 0. */
  epoch?: number;
}

export type ResolvedOneShotSpec = Required<OneShotSpec>;

export const oneShotDefaults = { epoch: 0 } as const;

function resolveOneShot(spec: OneShotSpec): ResolvedOneShotSpec {
  return { type: 'one-shot', sparsity: spec.sparsity, epoch: spec.epoch ?? oneShotDefaults.epoch };
}

/** Issues unless the schedule only ever asks for `sparsity`. */
function checkOneShotFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  return sparsityMustBe(fields, 'sparsity', sparsity, reason);
}

function oneShot(spec: ResolvedOneShotSpec): BuiltInSchedule<ResolvedOneShotSpec> {
  const { sparsity, epoch: updateEpoch } = spec;
  return {
    sparsityAt(epoch) {
      checkEpoch(epoch);
      return epoch >= updateEpoch ? sparsity : 0;
    },
    updatesAt(epoch) {
      checkEpoch(epoch);
      return epoch === updateEpoch;
    },
    toJSON: () => ({ ...spec }),
  };
}

/** JSON Schema of `OneShotSpec`; defaults come from the code so they cannot drift. */
const oneShotSchema = {
  type: 'object',
  title: 'One-shot schedule',
  description: 'Prune once, to `sparsity`, at the start of `epoch`; masks are frozen afterwards.',
  required: ['type', 'sparsity'],
  additionalProperties: false,
  properties: {
    type: scheduleTypeField('one-shot'),
    sparsity: sparsityField({
      title: 'Sparsity',
      description: 'Fraction of weights pruned from `epoch` on, in [0, 1).',
      examples: [0.5, 0.8],
    }),
    epoch: epochField({
      title: 'Epoch',
      description: 'The epoch (0-based) whose start computes the masks. 0 prunes before training starts.',
      default: oneShotDefaults.epoch,
      examples: [0, 3],
    }),
  },
  examples: [{ type: 'one-shot', sparsity: 0.5, epoch: 0 }],
} as const;

export const oneShotKind = {
  type: 'one-shot',
  schema: oneShotSchema,
  defaults: oneShotDefaults,
  resolve: resolveOneShot,
  check: () => [],
  checkFixedSparsity: checkOneShotFixed,
  firstUpdate: (spec) => spec.epoch,
  lastUpdate: (spec) => spec.epoch,
  create: oneShot,
} as const satisfies ScheduleKind<OneShotSpec, ResolvedOneShotSpec>;
