import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../field-view.js';
import { sparsityMustBe } from '../fixed-sparsity.js';
import { checkEpoch, type BuiltInSchedule, type ScheduleKind } from '../schedule-kind.js';
import { epochField, positiveIntegerField, scheduleTypeField, sparsityField } from '../schema/fields.js';

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

function resolveIterative(spec: IterativeSpec): ResolvedIterativeSpec {
  return {
    type: 'iterative',
    finalSparsity: spec.finalSparsity,
    rounds: spec.rounds,
    startEpoch: spec.startEpoch ?? iterativeDefaults.startEpoch,
    epochsPerRound: spec.epochsPerRound ?? iterativeDefaults.epochsPerRound,
  };
}

function iterativeLastUpdate(spec: ResolvedIterativeSpec): number {
  return spec.startEpoch + (spec.rounds - 1) * spec.epochsPerRound;
}

/** Issues unless the schedule only ever asks for `sparsity`: one round, to exactly that. */
function checkIterativeFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  const rounds = fields.number('rounds');
  return [
    ...(rounds !== undefined && rounds !== 1 ? [fields.issue('rounds', `must be 1 ${reason}`)] : []),
    ...sparsityMustBe(fields, 'finalSparsity', sparsity, reason),
  ];
}

function iterative(spec: ResolvedIterativeSpec): BuiltInSchedule<ResolvedIterativeSpec> {
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

/** JSON Schema of `IterativeSpec`; defaults come from the code so they cannot drift. */
const iterativeSchema = {
  type: 'object',
  title: 'Iterative schedule',
  description: 'Han et al. 2015; Frankle & Carbin 2019: `rounds` equal-ratio rounds, `epochsPerRound` apart; after round k sparsity is 1 - (1 - finalSparsity)^(k / rounds).',
  required: ['type', 'finalSparsity', 'rounds'],
  additionalProperties: false,
  properties: {
    type: scheduleTypeField('iterative'),
    finalSparsity: sparsityField({
      title: 'Final sparsity',
      description: 'Fraction of weights pruned after the last round, in [0, 1).',
      examples: [0.8, 0.9],
    }),
    rounds: positiveIntegerField({
      title: 'Rounds',
      description: 'Number of pruning rounds; each removes the same fraction of the surviving weights.',
      examples: [4, 10],
    }),
    startEpoch: epochField({
      title: 'Start epoch',
      description: 'Epoch (0-based) whose start runs round 1.',
      default: iterativeDefaults.startEpoch,
      examples: [0, 2],
    }),
    epochsPerRound: positiveIntegerField({
      title: 'Epochs per round',
      description: 'Epochs of training between two rounds.',
      default: iterativeDefaults.epochsPerRound,
      examples: [1, 2],
    }),
  },
  examples: [{ type: 'iterative', finalSparsity: 0.8, rounds: 4, epochsPerRound: 2 }],
} as const;

export const iterativeKind = {
  type: 'iterative',
  schema: iterativeSchema,
  defaults: iterativeDefaults,
  resolve: resolveIterative,
  check: () => [],
  checkFixedSparsity: checkIterativeFixed,
  firstUpdate: (spec) => spec.startEpoch,
  lastUpdate: iterativeLastUpdate,
  create: iterative,
} as const satisfies ScheduleKind<IterativeSpec, ResolvedIterativeSpec>;
