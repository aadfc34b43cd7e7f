import { prunableLayerClasses } from '../config-types.js';

const glob = {
  type: 'string',
  minLength: 1,
  title: 'Layer-name glob',
  description: 'A layer name, where `*` matches any run of characters and `?` one character.',
  examples: ['dense*', 'conv2d_?'],
} as const;

/** JSON Schema of `LayerSelector`. */
export const layerSelectorSchema = {
  type: 'object',
  title: 'Layers',
  description: 'Which layers this pruner prunes: a layer is chosen when its name matches an `include` glob, matches no `exclude` glob, its class is in `classes`, and it trains or is frozen as `trainable` asks. Omit the whole object to prune every prunable weight.',
  additionalProperties: false,
  properties: {
    include: {
      type: 'array',
      items: glob,
      title: 'Include',
      description: 'Layer-name globs (`*`, `?`); a layer must match at least one. Omitted: every layer.',
      examples: [['dense*'], ['hidden1', 'hidden2']],
    },
    exclude: {
      type: 'array',
      items: glob,
      title: 'Exclude',
      description: 'Layer-name globs (`*`, `?`); a layer matching any of them is not pruned. Omitted: none.',
      examples: [['logits'], ['*_bn']],
    },
    classes: {
      type: 'array',
      items: {
        enum: prunableLayerClasses,
        title: 'Layer class',
        description: 'A tfjs layer class name, as `layer.getClassName()` returns it.',
        examples: ['Dense', 'Conv2D'],
      },
      title: 'Classes',
      description: 'tfjs layer classes to prune. Omitted: every class with a prunable kernel.',
      examples: [['Dense'], ['Conv2D', 'DepthwiseConv2D']],
    },
    trainable: {
      type: 'boolean',
      title: 'Trainable',
      description: 'true: only layers that train (a frozen base stays dense); false: only frozen ones. Omitted: both.',
      examples: [true],
    },
  },
  examples: [{ include: ['dense*'], exclude: ['logits'], classes: ['Dense'] }],
} as const;
