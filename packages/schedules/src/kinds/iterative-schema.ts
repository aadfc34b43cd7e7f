import { epochField, positiveIntegerField, scheduleTypeField, sparsityField, stepField } from '../schema/fields.js';
import { iterativeDefaults } from './iterative.js';

/**
 * JSON Schema of `IterativeSpec`, a branch of the schedule `oneOf`; defaults come from the code so
 * they cannot drift. Kept out of the kind's record: a page that runs schedules never carries
 * editor docs.
 */
export const iterativeSchema = {
  type: 'object',
  title: 'Iterative schedule',
  description: 'Han et al. 2015; Frankle & Carbin 2019: `rounds` equal-ratio rounds, `epochsPerRound` (or `stepsPerRound` optimizer steps) apart; after round k sparsity is 1 - (1 - finalSparsity)^(k / rounds).',
  required: ['type', 'rounds'],
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
    startStep: stepField({
      title: 'Start step',
      description: 'Optimizer step (0-based, across fit calls) of round 1; not with epoch fields.',
      default: iterativeDefaults.startStep,
      examples: [0, 500],
    }),
    stepsPerRound: positiveIntegerField({
      title: 'Steps per round',
      description: 'Optimizer steps between two rounds (required with startStep).',
      examples: [500, 1000],
    }),
  },
  examples: [{ type: 'iterative', finalSparsity: 0.8, rounds: 4, epochsPerRound: 2 }, { type: 'iterative', finalSparsity: 0.8, rounds: 4, stepsPerRound: 500 }],
} as const;
