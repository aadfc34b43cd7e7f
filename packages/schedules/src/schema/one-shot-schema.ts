import { oneShotDefaults } from '../schedules/one-shot.js';
import { epochField, scheduleTypeField, sparsityField } from './fields.js';

/** JSON Schema of `OneShotSpec`; defaults come from the code so they cannot drift. */
export const oneShotSchema = {
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
