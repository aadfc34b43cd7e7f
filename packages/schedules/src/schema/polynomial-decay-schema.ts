import { polynomialDecayDefaults } from '../schedules/polynomial-decay.js';
import { epochField, positiveIntegerField, scheduleTypeField, sparsityField } from './fields.js';

/** JSON Schema of `PolynomialDecaySpec`; defaults come from the code so they cannot drift. */
export const polynomialDecaySchema = {
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
