import { epochField, positiveIntegerField, scheduleTypeField, sparsityField, stepField } from '../schema/fields.js';
import { polynomialDecayDefaults } from './polynomial-decay.js';

/**
 * JSON Schema of `PolynomialDecaySpec`, a branch of the schedule `oneOf`; defaults come from the code so
 * they cannot drift. Kept out of the kind's record: a page that runs schedules never carries
 * editor docs.
 */
export const polynomialDecaySchema = {
  type: 'object',
  title: 'Polynomial decay schedule',
  description: 'Zhu & Gupta 2017: sparsity rises from initialSparsity to finalSparsity between startEpoch and endEpoch (or startStep and endStep) along s(t) = final + (initial - final) * (1 - (t - start) / (end - start))^power.',
  required: ['type'],
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
    startStep: stepField({
      title: 'Start step',
      description: 'First optimizer step (0-based, across fit calls) that recomputes masks; not with epoch fields.',
      default: polynomialDecayDefaults.startStep,
      examples: [0, 500],
    }),
    endStep: stepField({
      title: 'End step',
      description: 'Last step that recomputes masks; must be greater than startStep.',
      examples: [2000, 10000],
    }),
    frequency: positiveIntegerField({
      title: 'Update frequency',
      description: 'Epochs (or steps) between mask updates; the end is always an update even when the span is not a multiple.',
      default: polynomialDecayDefaults.frequency,
      examples: [1, 100],
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
  examples: [
    { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8 },
    { type: 'polynomial-decay', finalSparsity: 0.8, startStep: 100, endStep: 2000, frequency: 100 },
  ],
} as const;
