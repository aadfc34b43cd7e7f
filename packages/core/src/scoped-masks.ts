/**
 * Turning scores into keep-masks (1 keep, 0 prune) under the two ranking scopes. Both take the
 * previous masks so that, within a schedule, pruned entries stay pruned (masks only lose
 * entries), and both leave every tensor at least one weight: a fully pruned tensor cuts the
 * network in two, which no sparsity target is worth.
 */
import { pruneLowest } from './rank-mask.js';

export interface ScoredTensor {
  readonly scores: Float32Array;
  /** Mask from the previous update, or undefined when this is the first. */
  readonly previous?: Uint8Array | undefined;
}

/** Each tensor gets exactly round(sparsity · size) zeros (capped at size − 1). */
export function layerMasks(tensors: readonly ScoredTensor[], sparsity: number): Uint8Array[] {
  return tensors.map(({ scores, previous }) => {
    const n = scores.length;
    const ranked = withPreviousPruned(scores, previous);
    const count = Math.max(Math.min(Math.round(sparsity * n), n - 1), countZeros(previous));
    return pruneLowest(ranked, count);
  });
}

/**
 * One ranking over all tensors, so their total reaches round(sparsity · total). Each tensor's
 * best-scored entry is taken out of the competition, which keeps one weight per tensor without
 * a second pass and without missing the total.
 */
export function globalMasks(tensors: readonly ScoredTensor[], sparsity: number): Uint8Array[] {
  const total = tensors.reduce((sum, t) => sum + t.scores.length, 0);
  const pool = new Float32Array(total);
  let offset = 0;
  let previouslyPruned = 0;
  for (const { scores, previous } of tensors) {
    pool.set(withPreviousPruned(scores, previous), offset);
    if (scores.length > 0) pool[offset + indexOfMax(pool, offset, scores.length)] = Infinity;
    previouslyPruned += countZeros(previous);
    offset += scores.length;
  }
  const nonEmpty = tensors.filter((t) => t.scores.length > 0).length;
  const count = Math.max(Math.min(Math.round(sparsity * total), total - nonEmpty), previouslyPruned);
  const mask = pruneLowest(pool, count);
  const masks: Uint8Array[] = [];
  offset = 0;
  for (const { scores } of tensors) {
    masks.push(mask.slice(offset, offset + scores.length));
    offset += scores.length;
  }
  return masks;
}

function withPreviousPruned(scores: Float32Array, previous: Uint8Array | undefined): Float32Array {
  if (previous === undefined) return scores;
  const ranked = Float32Array.from(scores);
  for (let i = 0; i < ranked.length; i++) if (previous[i] === 0) ranked[i] = -Infinity;
  return ranked;
}

function indexOfMax(values: Float32Array, start: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++) {
    if ((values[start + i] as number) > (values[start + best] as number)) best = i;
  }
  return best;
}

export function countZeros(mask: Uint8Array | undefined): number {
  if (mask === undefined) return 0;
  let zeros = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) zeros++;
  return zeros;
}
