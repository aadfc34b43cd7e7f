import type { PrunableWeight } from '../prunable-weights.js';

/**
 * How weights are ranked for pruning: a criterion turns a weight tensor's current values into
 * one score per entry, and the lowest scores are pruned. It never builds masks itself; the
 * scope decides which scores compete with which.
 */
export interface Criterion {
  readonly name: string;
  /**
   * One finite score per entry of `values` (higher = more important). `values` may be the
   * backend's own buffer: read it, never write it.
   */
  score(target: PrunableWeight, values: Float32Array): Float32Array;
}

/** Thrown when a weight cannot be ranked; names the layer so the user knows where to look. */
export class NonFiniteWeightError extends Error {
  constructor(target: PrunableWeight, index: number, value: number) {
    super(
      `layer "${target.path}" weight "${target.weight}" holds ${value} at flat index ${index}: ` +
        'cannot rank non-finite weights for pruning (training has probably diverged; ' +
        'lower the learning rate or check the inputs)',
    );
    this.name = 'NonFiniteWeightError';
  }
}
