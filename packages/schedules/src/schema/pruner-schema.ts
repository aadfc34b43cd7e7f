import { granularitySchema } from './granularity-schema.js';
import { layerSelectorSchema } from './layer-selector-schema.js';
import { criterionField, maxLayerSparsityField, normalizeField, scopeField, seedField } from './ranking-fields.js';
import { regularizationSchema } from './regularization-schema.js';
import { rewindSchema } from './rewind-schema.js';
import { scheduleSchema } from './schedule-schema.js';

/** JSON Schema of `PrunerConfig`. */
export const prunerSchema = {
  type: 'object',
  title: 'Pruner',
  description: 'One pruning job: which weights, how they are ranked, what is removed together, and how sparse they must be when.',
  required: ['schedule'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      title: 'Name',
      description: 'Names this pruner in logs and errors; unique across pruners. Defaults to "pruner-<index>".',
      examples: ['hidden-layers', 'output-layer'],
    },
    layers: layerSelectorSchema,
    criterion: criterionField,
    granularity: granularitySchema,
    scope: scopeField,
    schedule: scheduleSchema,
    seed: seedField,
    normalize: normalizeField,
    maxLayerSparsity: maxLayerSparsityField,
    regularization: regularizationSchema,
    rewind: rewindSchema,
  },
  examples: [
    {
      name: 'hidden-layers',
      layers: { include: ['dense*'], exclude: ['logits'] },
      schedule: { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8 },
    },
    {
      name: 'conv-filters',
      layers: { classes: ['Conv2D'] },
      granularity: 'structured',
      scope: 'global',
      normalize: 'layer',
      schedule: { type: 'polynomial-decay', finalSparsity: 0.5, startEpoch: 1, endEpoch: 6 },
    },
    {
      name: 'lottery-ticket',
      regularization: { type: 'l1', strength: 0.0001 },
      rewind: { epoch: 1 },
      schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 2 },
    },
  ],
} as const;
