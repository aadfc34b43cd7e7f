/**
 * Turning scores into keep-masks (1 keep, 0 prune) under the two ranking scopes. Both take the
 * previous masks so that, within a schedule, pruned entries stay pruned (masks only lose
 * entries), and both leave every tensor at least one entry: a fully pruned tensor cuts the
 * network in two, which no sparsity target is worth.
 *
 * An "entry" is whatever the granularity ranks: a weight, a block, an output unit. Scores are
 * just a shorter array for coarser granularities; `sizes` says how many weights each entry
 * stands for when the sparsity counts weights (blocks, whose edge blocks may be partial).
 */
import { countZeros } from './count-zeros.js';
import { countForSize, pruneLowest } from './rank-mask.js';
import { liveScoreMean } from './live-score-mean.js';
import { roundHalfToEven } from './rounding.js';

export interface ScoredTensor {
  readonly scores: Float32Array;
  /** Mask from the previous update, or undefined when this is the first. */
  readonly previous?: Uint8Array | undefined;
  /** Weights per entry, when the sparsity counts weights of unequal groups. Omitted: 1 each. */
  readonly sizes?: Uint32Array | undefined;
}

export interface GlobalMaskOptions {
  /**
   * `'layer'` divides each tensor's scores by their mean absolute value over its still unpruned
   * entries before the ranking, so tensors whose scores run on different scales (wide layers
   * have smaller weights) compete fairly. Defaults to `'none'`.
   */
  readonly normalize?: 'none' | 'layer' | undefined;
  /**
   * No tensor gets more than `floor(maxLayerSparsity · size)` of its weights pruned (and never
   * all of them). Defaults to `null`: only "never 100%".
   */
  readonly maxLayerSparsity?: number | null | undefined;
}

/**
 * Each tensor gets round(sparsity · size) zeros, rounded half to even ({@link roundHalfToEven}),
 * capped at all but one entry; for sized entries the count whose weights are nearest to
 * sparsity · weights.
 */
export function layerMasks(tensors: readonly ScoredTensor[], sparsity: number): Uint8Array[] {
  return tensors.map(({ scores, previous, sizes }) => {
    const n = scores.length;
    const ranked = withPreviousPruned(scores, previous);
    const min = countZeros(previous);
    const count =
      sizes === undefined
        ? Math.max(Math.min(roundHalfToEven(sparsity * n), n - 1), min)
        : countForSize(ranked, sizes, sparsity * total(sizes), { min, max: n - 1, mode: 'nearest' });
    return pruneLowest(ranked, count);
  });
}

/**
 * One ranking over all tensors, so their total reaches round(sparsity · total) (half to even). Each tensor's
 * best-scored entries beyond its cap (all but one, or `maxLayerSparsity`) are taken out of the
 * competition, which keeps the caps without a second pass and without missing the total.
 */
export function globalMasks(
  tensors: readonly ScoredTensor[],
  sparsity: number,
  { normalize = 'none', maxLayerSparsity = null }: GlobalMaskOptions = {},
): Uint8Array[] {
  const count = tensors.reduce((sum, t) => sum + t.scores.length, 0);
  const sized = tensors.some((t) => t.sizes !== undefined);
  // One scratch pool for the whole ranking: at millions of scores every extra copy or pass
  // shows up in the update time.
  const pool = new Float32Array(count);
  const poolSizes = sized ? new Uint32Array(count) : undefined;
  let offset = 0;
  let previouslyPruned = 0;
  let competing = 0;
  let weights = 0;
  for (const { scores, previous, sizes } of tensors) {
    const n = scores.length;
    const ranked = pool.subarray(offset, offset + n);
    const { pruned: min, best } = writeRanked(ranked, normalize === 'layer' ? normalized(scores, previous) : scores, previous);
    const tensorSizes = sizes ?? (sized || maxLayerSparsity !== null ? new Uint32Array(n).fill(1) : undefined);
    const tensorWeights = tensorSizes === undefined ? n : total(tensorSizes);
    const cap =
      maxLayerSparsity === null
        ? n - 1
        : capCount(ranked, tensorSizes as Uint32Array, tensorWeights * maxLayerSparsity, min, n);
    if (poolSizes !== undefined) poolSizes.set(tensorSizes as Uint32Array, offset);
    if (n > 0) protectAllBut(pool, offset, n, cap, best);
    previouslyPruned += min;
    competing += Math.max(cap, 0);
    weights += tensorWeights;
    offset += n;
  }
  const k =
    poolSizes !== undefined
      ? countForSize(pool, poolSizes, sparsity * weights, { min: previouslyPruned, max: competing, mode: 'nearest' })
      : Math.max(Math.min(roundHalfToEven(sparsity * count), competing), previouslyPruned);
  const mask = pruneLowest(pool, k);
  const masks: Uint8Array[] = [];
  offset = 0;
  for (const { scores } of tensors) {
    masks.push(mask.subarray(offset, offset + scores.length));
    offset += scores.length;
  }
  return masks;
}

/** Most entries a tensor may lose under a cap of `capWeights` weights (never all; never fewer than already lost). */
function capCount(ranked: Float32Array, sizes: Uint32Array, capWeights: number, min: number, n: number): number {
  return countForSize(ranked, sizes, capWeights, { min, max: n - 1, mode: 'atMost' });
}

/**
 * Sets all but the `cap` lowest entries of pool[offset, offset + n) to +Infinity; `best` is the
 * index of the tensor's highest entry, which is all the usual cap (all but one) needs.
 */
function protectAllBut(pool: Float32Array, offset: number, n: number, cap: number, best: number): void {
  if (cap >= n - 1) {
    pool[offset + best] = Infinity;
    return;
  }
  const keep = pruneLowest(pool.subarray(offset, offset + n), cap);
  for (let i = 0; i < n; i++) if (keep[i] === 1) pool[offset + i] = Infinity;
}

/** Scores divided by {@link liveScoreMean} (unchanged when there is none). */
function normalized(scores: Float32Array, previous: Uint8Array | undefined): Float32Array {
  const mean = liveScoreMean(scores, (i) => previous !== undefined && previous[i] === 0);
  return mean === undefined ? scores : scores.map((s) => s / mean);
}

function withPreviousPruned(scores: Float32Array, previous: Uint8Array | undefined): Float32Array {
  if (previous === undefined) return scores;
  const ranked = new Float32Array(scores.length);
  writeRanked(ranked, scores, previous);
  return ranked;
}

/**
 * Copies `scores` into `ranked` with entries pruned before set to -Infinity (so they are pruned
 * again first). Returns how many there were and the index of the highest entry (the first, on
 * ties), in the same pass: at millions of scores every extra pass shows in the update time.
 */
function writeRanked(
  ranked: Float32Array,
  scores: Float32Array,
  previous: Uint8Array | undefined,
): { pruned: number; best: number } {
  let pruned = 0;
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    let v = scores[i] as number;
    if (previous !== undefined && previous[i] === 0) {
      v = -Infinity;
      pruned++;
    }
    ranked[i] = v;
    if (v > bestScore) {
      bestScore = v;
      best = i;
    }
  }
  return { pruned, best };
}

function total(sizes: Uint32Array): number {
  let sum = 0;
  for (let i = 0; i < sizes.length; i++) sum += sizes[i] as number;
  return sum;
}
