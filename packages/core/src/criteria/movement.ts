import * as tf from '@tensorflow/tfjs-core';

import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, mapFinite, requireStatistic } from './criterion.js';

/**
 * −Σ w·g over every step since training began (Sanh et al. 2020, "Movement Pruning"): a step
 * moves w by −η·g, so w·g > 0 means the weight is shrinking toward zero. Weights moving toward
 * zero go, however large they are now; suited to fine-tuning pretrained models.
 */
export const movement: Criterion = {
  name: 'movement',
  signedScores: true,
  gradientStatistic: { window: 'sum-since-start', term: (w, g) => tf.mul(w, g) },
  score(target: PrunableWeight, _values: Float32Array, statistic?: Float32Array): Float32Array {
    // + 0 turns the -0 of a zero sum into +0, so ties stay ties.
    return mapFinite(target, requireStatistic('movement', target, statistic), (s) => -s + 0, 'accumulated w·g');
  },
};
