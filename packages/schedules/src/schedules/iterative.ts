import type { ConfigIssue } from '../issues.js';
import { checkEpoch, type PruningSchedule } from '../schedule.js';
import type { FieldView } from '../validation/field-view.js';
import { sparsityMustBe } from '../validation/fixed-sparsity.js';

/**
 * Iterative pruning (Han et al. 2015; Frankle & Carbin 2019, "The Lottery Ticket Hypothesis"):
 * `rounds` updates, round k = 1..rounds at epoch `startEpoch + (k - 1) * epochsPerRound`, each
 * pruning the same fraction of the weights that survived the previous round:
 *
 *     s_k = 1 - (1 - finalSparsity) ^ (k / rounds)
 *
 * Round `rounds` sets exactly finalSparsity.
 */
export interface IterativeSpec {
  type: 'iterative';
  /** Sparsity after the last round. */
  finalSparsity: number;
  /** Number of pruning rounds (integer >= 1). */
  rounds: number;
  /** Epoch of the first round. Defaults to 0. */
  startEpoch?: number;
  /** Epochs between rounds (integer >= 1). Defaults to 1. */
  epochsPerRound?: number;
}

export type ResolvedIterativeSpec = Required<IterativeSpec>;

export const iterativeDefaults = { startEpoch: 0, epochsPerRound: 1 } as const;

export function resolveIterative(spec: IterativeSpec): ResolvedIterativeSpec {
  return {
    type: 'iterative',
    finalSparsity: spec.finalSparsity,
    rounds: spec.rounds,
    startEpoch: spec.startEpoch ?? iterativeDefaults.startEpoch,
    epochsPerRound: spec.epochsPerRound ?? iterativeDefaults.epochsPerRound,
  };
}

export function iterativeLastUpdate(spec: ResolvedIterativeSpec): number {
  return spec.startEpoch + (spec.rounds - 1) * spec.epochsPerRound;
}

/** Issues unless the schedule only ever asks for `sparsity`: one round, to exactly that. */
export function checkIterativeFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  const rounds = fields.number('rounds');
  return [
    ...(rounds !== undefined && rounds !== 1 ? [fields.issue('rounds', `must be 1 ${reason}`)] : []),
    ...sparsityMustBe(fields, 'finalSparsity', sparsity, reason),
  ];
}

export function iterative(spec: ResolvedIterativeSpec): PruningSchedule {
  const { finalSparsity, rounds, startEpoch, epochsPerRound } = spec;
  const lastUpdate = iterativeLastUpdate(spec);
  return {
    sparsityAt(epoch) {
      checkEpoch(epoch);
      if (epoch < startEpoch) return 0;
      if (epoch >= lastUpdate) return finalSparsity;
      const round = Math.floor((epoch - startEpoch) / epochsPerRound) + 1;
      // 1 - (1 - f) can round to just above f; a round before the last must never overshoot.
      return Math.min(finalSparsity, 1 - (1 - finalSparsity) ** (round / rounds));
    },
    updatesAt(epoch) {
      checkEpoch(epoch);
      return epoch >= startEpoch && epoch <= lastUpdate && (epoch - startEpoch) % epochsPerRound === 0;
    },
    toJSON: () => ({ ...spec }),
  };
}
