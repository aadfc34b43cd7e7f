import { criterionNames, granularityNames, prunerDefaults, pruningScopes } from '../config-types.js';
import { layerSelectorSchema } from './layer-selector-schema.js';
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
    criterion: {
      enum: criterionNames,
      title: 'Criterion',
      description: 'How weights are scored; the lowest scores are pruned. "magnitude": absolute value.',
      default: prunerDefaults.criterion,
      examples: ['magnitude'],
    },
    granularity: {
      // `anyOf` so that parameterized granularities ({"type": "block", ...}, {"type": "n:m", ...})
      // slot in as a second, discriminated object branch next to the plain names.
      anyOf: [
        {
          enum: granularityNames,
          title: 'Granularity name',
          description: '"unstructured": each weight is pruned on its own.',
          examples: ['unstructured'],
        },
      ],
      title: 'Granularity',
      description: 'What is pruned together. "unstructured": individual weights.',
      default: prunerDefaults.granularity,
      examples: ['unstructured'],
    },
    scope: {
      enum: pruningScopes,
      title: 'Scope',
      description: '"layer": every weight tensor reaches the target sparsity; "global": one ranking across all of this pruner\'s weights, so layers end up with different sparsities.',
      default: prunerDefaults.scope,
      examples: ['layer', 'global'],
    },
    schedule: scheduleSchema,
  },
  examples: [
    {
      name: 'hidden-layers',
      layers: { include: ['dense*'], exclude: ['logits'] },
      schedule: { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8 },
    },
  ],
} as const;
