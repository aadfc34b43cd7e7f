import { epochField, scheduleTypeField, sparsityField, stepField } from '../schema/fields.js';
import { oneShotDefaults } from './one-shot.js';

/**
 * JSON Schema of `OneShotSpec`, a branch of the schedule `oneOf`; defaults come from the code so
 * they cannot drift. Kept out of the kind's record: a page that runs schedules never carries
 * editor docs.
 */
export const oneShotSchema = {
  type: 'object',
  title: 'One-shot schedule',
  description: 'Prune once, to `sparsity`, at the start of `epoch` (or right before optimizer step `step`); masks are frozen afterwards.',
  required: ['type'],
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
    step: stepField({
      title: 'Step',
      description: 'The optimizer step (0-based, across fit calls) that computes the masks; not with `epoch`.',
      examples: [0, 1000],
    }),
  },
  examples: [{ type: 'one-shot', sparsity: 0.5, epoch: 0 }, { type: 'one-shot', sparsity: 0.5, step: 200 }],
} as const;
