import { roundHalfToEven } from './rounding.js';
import { rankValue } from './select-kth.js';

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
  const { value: threshold, below } = rankValue(scores, count - 1);
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

/**
 * How many of the lowest-scored groups to prune (in {@link pruneLowest}'s order, so the choice
 * for k groups contains the choice for k − 1) when each group stands for `sizes[i]` weights and
 * the sparsity counts weights. `'nearest'`: the k whose pruned size is closest to `target`
 * (a tie goes to the even k, as {@link roundHalfToEven} rounds counts); `'atMost'`: the largest k whose pruned size is ≤ `target`.
 * The result is clamped to [min, max].
 *
 * Equal sizes (every full-block tiling) are plain arithmetic; unequal ones (partial edge blocks)
 * binary-search k, each probe one O(n) {@link pruneLowest}.
 */
export function countForSize(
  scores: Float32Array,
  sizes: Uint32Array,
  target: number,
  { min, max, mode }: { min: number; max: number; mode: 'nearest' | 'atMost' },
): number {
  const clamp = (k: number) => Math.max(min, Math.min(max, k));
  if (max <= min) return Math.max(min, max);
  const size = sizes[0] ?? 1;
  if (sizes.every((s) => s === size)) {
    return clamp(mode === 'nearest' ? roundHalfToEven(target / size) : Math.floor(target / size + 1e-9));
  }
  const prunedSize = (k: number): number => {
    const keep = pruneLowest(scores, k);
    let total = 0;
    for (let i = 0; i < keep.length; i++) if (keep[i] === 0) total += sizes[i] as number;
    return total;
  };
  // Smallest k in [min, max] with prunedSize(k) ≥ target (max + 1 if none).
  let lo = min;
  let hi = max + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prunedSize(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo > max) return max;
  const above = prunedSize(lo);
  if (mode === 'atMost') return above === target || lo === min ? lo : lo - 1;
  if (lo === min) return lo;
  const below = target - prunedSize(lo - 1);
  if (below !== above - target) return below < above - target ? lo - 1 : lo;
  return lo % 2 === 0 ? lo : lo - 1;
}
