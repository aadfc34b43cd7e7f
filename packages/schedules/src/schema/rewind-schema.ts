import { prunerDefaults, rewindNames } from '../config-types.js';
import { epochField } from './fields.js';

/** JSON Schema of `RewindSpec`: a name or `{ epoch }`. */
export const rewindSchema = {
  anyOf: [
    {
      enum: rewindNames,
      title: 'Rewind name',
      description: '"none": weights keep training from where they are. "init": surviving weights go back to their values at the start of training.',
      examples: ['none', 'init'],
    },
    {
      type: 'object',
      title: 'Rewind to an epoch',
      description: 'Surviving weights go back to their values at the end of `epoch` (late resetting, Frankle et al. 2019).',
      required: ['epoch'],
      additionalProperties: false,
      properties: {
        epoch: epochField({
          title: 'Rewind epoch',
          description: 'The epoch (0-based) whose end captures the weights; must be before the first round, i.e. < the schedule\'s startEpoch.',
          examples: [1, 0],
        }),
      },
      examples: [{ epoch: 1 }],
    },
  ],
  title: 'Rewind',
  description: 'Lottery-ticket rewinding (Frankle & Carbin 2019), only with an "iterative" schedule: after each round\'s mask update the surviving weights are reset. Optimizer state (Adam moments etc.) is not reset.',
  default: prunerDefaults.rewind,
  examples: ['init', { epoch: 1 }],
} as const;
