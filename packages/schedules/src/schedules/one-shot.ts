import type { ConfigIssue } from '../issues.js';
import { checkEpoch, type PruningSchedule } from '../schedule.js';
import type { FieldView } from '../validation/field-view.js';
import { sparsityMustBe } from '../validation/fixed-sparsity.js';

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

export function resolveOneShot(spec: OneShotSpec): ResolvedOneShotSpec {
  return { type: 'one-shot', sparsity: spec.sparsity, epoch: spec.epoch ?? oneShotDefaults.epoch };
}

/** Issues unless the schedule only ever asks for `sparsity`. */
export function checkOneShotFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  return sparsityMustBe(fields, 'sparsity', sparsity, reason);
}

export function oneShot(spec: ResolvedOneShotSpec): PruningSchedule {
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
