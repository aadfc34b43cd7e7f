import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, NonFiniteWeightError } from './criterion.js';

/** |w|: the classic criterion (Han et al. 2015, "Learning both Weights and Connections"). */
export const magnitude: Criterion = {
  name: 'magnitude',
  score(target: PrunableWeight, values: Float32Array): Float32Array {
    const scores = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) throw new NonFiniteWeightError(target, i, v);
      scores[i] = Math.abs(v);
    }
    return scores;
  },
};
