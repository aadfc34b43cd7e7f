import * as tf from '@tensorflow/tfjs-core';

import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, mapFinite, requireStatistic } from './criterion.js';

/**
 * Mean |g| since the last mask update: weights the loss is least sensitive to go. Uses the
 * gradients the optimizer already receives; no extra passes.
 */
export const gradient: Criterion = {
  name: 'gradient',
  gradientStatistic: { window: 'mean-since-update', term: (_w, g) => tf.abs(g) },
  score(target: PrunableWeight, _values: Float32Array, statistic?: Float32Array): Float32Array {
    return mapFinite(target, requireStatistic('gradient', target, statistic), (s) => s, 'accumulated |g|');
  },
};
