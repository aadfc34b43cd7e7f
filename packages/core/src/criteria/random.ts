import type { PrunableWeight } from '../prunable-weights.js';
import type { Criterion } from './criterion.js';

/**
 * Uniform random scores in [0, 1): the baseline every other criterion should beat (Liu et al.
 * 2019, "Rethinking the Value of Network Pruning"). Scores depend only on `seed` and the weight's
 * path, never on its values or on the update, so successive masks nest and the same seed always
 * gives the same mask.
 */
export function random(seed = 0): Criterion {
  return {
    name: 'random',
    score(target: PrunableWeight, values: Float32Array): Float32Array {
      let state = hash(`${seed}:${target.path}/${target.weight}`);
      const scores = new Float32Array(values.length);
      for (let i = 0; i < scores.length; i++) {
        // mulberry32: 32-bit state, good enough to make ties vanishingly rare.
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        scores[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
      }
      return scores;
    },
  };
}

/** FNV-1a of a string: spreads nearby seeds and paths over the whole 32-bit state. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
