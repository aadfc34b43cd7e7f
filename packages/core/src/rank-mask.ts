import { selectKth } from './select-kth.js';

/**
 * Keep-mask (1 keep, 0 prune) that prunes exactly `count` entries: the lowest scores, ties
 * broken by position (earlier index pruned first) so the same scores always give the same mask.
 * Scores of -Infinity are pruned before anything else; that is how earlier prunings are kept.
 */
export function pruneLowest(scores: Float32Array, count: number): Uint8Array {
  const n = scores.length;
  const mask = new Uint8Array(n).fill(1);
  if (count <= 0) return mask;
  if (count >= n) return mask.fill(0);
  const threshold = selectKth(Float32Array.from(scores), count - 1);
  let below = 0;
  for (let i = 0; i < n; i++) if ((scores[i] as number) < threshold) below++;
  let tiesToPrune = count - below;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s < threshold) mask[i] = 0;
    else if (s === threshold && tiesToPrune > 0) {
      mask[i] = 0;
      tiesToPrune--;
    }
  }
  return mask;
}
