import * as tf from '@tensorflow/tfjs-core';

import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, mapFinite, requireStatistic } from './criterion.js';

/**
 * Mean |w·g| since the last mask update: the first-order Taylor estimate of how much the loss
 * changes when the weight is removed (Molchanov et al. 2017; on one calibration batch before
 * training this is SNIP, Lee et al. 2019).
 */
export const taylor: Criterion = {
  name: 'taylor',
  gradientStatistic: { window: 'mean-since-update', term: (w, g) => tf.abs(tf.mul(w, g)) },
  score(target: PrunableWeight, _values: Float32Array, statistic?: Float32Array): Float32Array {
    return mapFinite(target, requireStatistic('taylor', target, statistic), (s) => s, 'accumulated |w·g|');
  },
};
