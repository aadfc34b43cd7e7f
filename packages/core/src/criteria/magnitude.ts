import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, mapFinite } from './criterion.js';

/** |w|: the classic criterion (Han et al. 2015, "Learning both Weights and Connections"). */
export const magnitude: Criterion = {
  name: 'magnitude',
  score(target: PrunableWeight, values: Float32Array): Float32Array {
    return mapFinite(target, values, Math.abs);
  },
};
