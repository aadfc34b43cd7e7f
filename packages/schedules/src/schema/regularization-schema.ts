import { prunerDefaults, regularizationTypes } from '../config-types.js';

/** JSON Schema of `RegularizationSpec`; null, what a resolved config holds, means none. */
export const regularizationSchema = {
  type: ['object', 'null'],
  title: 'Regularization',
  description: 'A proximal step on this pruner\'s weights right after every optimizer step (before masks are re-applied), with η the optimizer\'s current learning rate and λ `strength`. "l1": w <- sign(w) * max(|w| - ηλ, 0), which makes exact zeros; "l2": w <- w * (1 - ηλ); "group-l1" (group lasso): each group g of the granularity <- g * max(0, 1 - ηλ / ||g||2); for "structured", g is a whole channel group (kernel columns, bias entries, BatchNormalization gamma/beta, depthwise filters and the consumers\' input rows of one channel). null or omitted: none.',
  required: ['type', 'strength'],
  additionalProperties: false,
  properties: {
    type: {
      enum: regularizationTypes,
      title: 'Regularization type',
      description: '"l1" pushes single weights to zero; "l2" shrinks all weights; "group-l1" pushes whole groups (blocks, n:m groups, channel groups) to zero and needs a granularity other than "unstructured".',
      examples: ['l1', 'group-l1'],
    },
    strength: {
      type: 'number',
      exclusiveMinimum: 0,
      title: 'Strength',
      description: 'λ, multiplied by the learning rate at each step; > 0. Start around 1e-5 to 1e-4.',
      examples: [0.0001, 0.00001],
    },
  },
  default: prunerDefaults.regularization,
  examples: [{ type: 'l1', strength: 0.0001 }, { type: 'group-l1', strength: 0.001 }],
} as const;
