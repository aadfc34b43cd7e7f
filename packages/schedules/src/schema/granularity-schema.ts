import { blockNorms, granularityNames, prunerDefaults, structuredNorms } from '../config-types.js';
import { granularityDefaults } from '../granularity.js';

/** The discriminator of a granularity object; `examples` lets editors complete it. */
function granularityTypeField<const T extends string>(type: T) {
  return {
    const: type,
    title: 'Granularity type',
    description: 'Which granularity this is: "unstructured", "block", "n:m" or "structured".',
    examples: [type],
  } as const;
}

const unstructured = {
  type: 'object',
  title: 'Unstructured granularity',
  description: 'Each weight is kept or pruned on its own; the same as the name "unstructured".',
  required: ['type'],
  additionalProperties: false,
  properties: { type: granularityTypeField('unstructured') },
  examples: [{ type: 'unstructured' }],
} as const;

const block = {
  type: 'object',
  title: 'Block granularity',
  description: 'The 2-D view of the kernel ([fan-in, units]: Dense [in, out], conv [kh*kw*in, out]) is cut into `shape` blocks (edge blocks may be partial); whole blocks are kept or pruned by the norm of their scores. Sparsity counts weights.',
  required: ['type', 'shape'],
  additionalProperties: false,
  properties: {
    type: granularityTypeField('block'),
    shape: {
      type: 'array',
      items: {
        type: 'integer',
        minimum: 1,
        title: 'Block side',
        description: 'Rows or columns of one block, a positive integer.',
        examples: [4, 1],
      },
      minItems: 2,
      maxItems: 2,
      title: 'Block shape',
      description: '[rows, columns] of a block: rows run along the kernel\'s fan-in, columns along its output units. [1, 16] prunes runs of 16 outputs of one input.',
      examples: [[4, 4], [1, 16]],
    },
    norm: {
      enum: blockNorms,
      title: 'Block norm',
      description: 'How a block\'s scores combine into its rank: "l1" sum of |score|, "l2" Euclidean norm, "max" largest |score|, "avg" mean |score| over the cells the block really has (TFMOT\'s default pooling: a partial edge block competes on its mean, not on a smaller sum). The default stays "l1", so configs written before "avg" existed prune the same weights.',
      default: granularityDefaults.blockNorm,
      examples: ['l1', 'max'],
    },
  },
  examples: [{ type: 'block', shape: [4, 4] }, { type: 'block', shape: [1, 16], norm: 'max' }],
} as const;

const nm = {
  type: 'object',
  title: 'N:M granularity',
  description: 'At most n nonzeros in every m consecutive weights along the input axis (kernel axis -2), keeping the n best-scored; 2:4 is what sparse tensor cores accelerate. Sparsity is always 1 - n/m, so the schedule must ask for exactly that.',
  required: ['type', 'n', 'm'],
  additionalProperties: false,
  properties: {
    type: granularityTypeField('n:m'),
    n: {
      type: 'integer',
      minimum: 1,
      maximum: 63,
      title: 'N (kept per group)',
      description: 'Weights kept in each group of m; an integer in [1, m).',
      examples: [2, 1],
    },
    m: {
      type: 'integer',
      minimum: 2,
      maximum: 64,
      title: 'M (group size)',
      description: 'Consecutive weights along the input axis that form a group; an integer in (n, 64].',
      examples: [4, 8],
    },
  },
  examples: [{ type: 'n:m', n: 2, m: 4 }, { type: 'n:m', n: 1, m: 4 }],
} as const;

const structured = {
  type: 'object',
  title: 'Structured granularity',
  description: 'Whole output units (Dense neurons, conv filters) ranked by the norm of their scores (Li et al. 2017); a pruned unit\'s bias is masked too. Sparsity counts units. Dense, Conv1D/2D/3D, Conv2DTranspose and SeparableConv2D pointwise kernels only.',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: granularityTypeField('structured'),
    norm: {
      enum: structuredNorms,
      title: 'Unit norm',
      description: 'How a unit\'s scores combine into its rank: "l1" sum of |score| (Li et al. 2017), "l2" Euclidean norm.',
      default: granularityDefaults.structuredNorm,
      examples: ['l1', 'l2'],
    },
    roundTo: {
      type: 'integer',
      minimum: 1,
      maximum: 4096,
      title: 'Round kept channels to',
      description: 'Every pruned layer keeps a multiple of this many channels, rounded up from what the sparsity asks (so the sparsity reached is at most the target, and a layer with fewer channels is left whole). Odd widths cost throughput on SIMD backends: 4 or 8 suits wasm and WebGL. Defaults to 1 (no rounding).',
      default: granularityDefaults.roundTo,
      examples: [8, 4],
    },
  },
  examples: [{ type: 'structured', norm: 'l2' }, { type: 'structured' }, { type: 'structured', roundTo: 8 }],
} as const;

/**
 * JSON Schema of `GranularitySpec`: a plain name, or an object whose `type` picks the kind. The
 * `discriminator` makes ajv check an object only against the branch its `type` names.
 */
export const granularitySchema = {
  anyOf: [
    {
      enum: granularityNames,
      title: 'Granularity name',
      description: '"unstructured": each weight on its own. "structured": whole output units (neurons, filters) by their l1 norm.',
      examples: ['unstructured', 'structured'],
    },
    {
      type: 'object',
      title: 'Granularity object',
      description: 'A granularity with parameters; `type` selects the kind: "unstructured", "block", "n:m" or "structured".',
      discriminator: { propertyName: 'type' },
      oneOf: [unstructured, block, nm, structured],
      examples: [{ type: 'block', shape: [4, 4] }, { type: 'n:m', n: 2, m: 4 }, { type: 'structured', norm: 'l2' }],
    },
  ],
  title: 'Granularity',
  description: 'What is pruned together. "unstructured": single weights (highest accuracy at a given sparsity; gains need sparse storage or gzip). "block" {shape}: r x c tiles, for block-sparse kernels. "n:m" {n, m}: n kept in every m, for 2:4 sparse hardware. "structured": whole neurons or filters, which makes layers smaller and faster on any backend.',
  default: prunerDefaults.granularity,
  examples: ['unstructured', 'structured', { type: 'block', shape: [4, 4] }, { type: 'n:m', n: 2, m: 4 }],
} as const;
