import { prunerSchema } from './schema/pruner-schema.js';
import { sparsityRequirement } from './schema/sparsity-requirement.js';
import { targetSchema } from './schema/target-schema.js';

/**
 * The JSON Schema (draft-07) of the JSON schedule file; `schema.json` is generated from it by
 * `scripts/write-schema.mjs`. The TypeScript types in `config-types.ts` are checked against it by
 * `test/schema-types.test.ts`. Rules relating two fields (endEpoch > startEpoch, unique names)
 * are not expressible here and live in `validation/cross-field.ts` and `validation/pruner-rules.ts`.
 */
export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'tfjs-prune config',
  description: 'Training-time pruning for TensorFlow.js: a list of pruners, each with the layers it prunes and its schedule.',
  type: 'object',
  required: ['pruners'],
  additionalProperties: false,
  properties: {
    $schema: {
      type: 'string',
      title: 'JSON Schema',
      description:
        "Path or URL of this schema, for editor completion and hover docs. A relative path resolves from this config file's folder: " +
        './node_modules/... for a config at the project root, ../node_modules/... for one a folder down. Ignored by tfjs-prune.',
      examples: ['./node_modules/@tfjs-prune/schedules/schema.json', '../node_modules/@tfjs-prune/schedules/schema.json'],
    },
    target: targetSchema,
    pruners: {
      type: 'array',
      minItems: 1,
      items: prunerSchema,
      title: 'Pruners',
      description: 'The pruners to run; each weight should be owned by at most one.',
      examples: [
        [{ schedule: { type: 'one-shot', sparsity: 0.5 } }],
      ],
    },
  },
  // A schedule's sparsity is required unless the config's target decides it.
  ...sparsityRequirement,
  examples: [
    {
      $schema: './node_modules/@tfjs-prune/schedules/schema.json',
      pruners: [
        {
          name: 'hidden-layers',
          layers: { include: ['dense*'], exclude: ['logits'], classes: ['Dense'] },
          criterion: 'magnitude',
          granularity: 'unstructured',
          scope: 'layer',
          schedule: { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8 },
        },
      ],
    },
    {
      $schema: './node_modules/@tfjs-prune/schedules/schema.json',
      pruners: [
        {
          name: 'dense-2-4',
          layers: { classes: ['Dense'] },
          granularity: { type: 'n:m', n: 2, m: 4 },
          schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 },
        },
      ],
    },
  ],
} as const;
