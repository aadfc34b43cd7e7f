import { criterionNames, normalizeModes, prunerDefaults, pruningScopes } from '../config-types.js';

/* The pruner fields that decide how weights are scored and ranked. */

export const criterionField = {
  enum: criterionNames,
  title: 'Criterion',
  description: 'How weights are scored; the lowest scores are pruned. "magnitude": |w|. "random": uniform random scores from `seed` (a baseline for experiments). "gradient": mean |g| since the last mask update. "taylor": mean |w*g| since the last mask update (Molchanov et al. 2017; SNIP). "movement": -sum of w*g since training began (Sanh et al. 2020), for fine-tuning pretrained models. "lamp": w^2 over the sum of the squares of the same tensor\'s weights not smaller (Lee et al. 2021), comparable across layers, for scope "global". "bn-scale": a channel scores the |gamma| of the BatchNormalization after it (network slimming, Liu et al. 2017); needs granularity "structured" and a BatchNormalization after every selected layer. Gradient criteria use the gradients the optimizer already receives; a first update at epoch 0 needs calibration data passed in code.',
  default: prunerDefaults.criterion,
  examples: ['magnitude', 'movement'],
} as const;

export const seedField = {
  type: 'integer',
  title: 'Seed',
  description: 'Seed of criterion "random": the same seed gives the same mask. Any value other than 0 needs criterion "random".',
  default: prunerDefaults.seed,
  examples: [0, 42],
} as const;

export const scopeField = {
  enum: pruningScopes,
  title: 'Scope',
  description: '"layer": every weight tensor reaches the target sparsity; "global": one ranking across all of this pruner\'s weights, so layers end up with different sparsities (never 100%).',
  default: prunerDefaults.scope,
  examples: ['layer', 'global'],
} as const;

export const normalizeField = {
  enum: normalizeModes,
  title: 'Normalize scores',
  description: '"layer": divide each tensor\'s scores by its mean score before the global ranking, so wide layers (small |w|) are not over-pruned; "none": rank raw scores. Only with scope "global".',
  default: prunerDefaults.normalize,
  examples: ['layer', 'none'],
} as const;

export const maxLayerSparsityField = {
  type: ['number', 'null'],
  exclusiveMinimum: 0,
  exclusiveMaximum: 1,
  title: 'Max layer sparsity',
  description: 'Caps every tensor\'s sparsity in the global ranking, in (0, 1). null or omitted: no cap beyond "never 100%". Only with scope "global".',
  default: prunerDefaults.maxLayerSparsity,
  examples: [0.95, null],
} as const;
