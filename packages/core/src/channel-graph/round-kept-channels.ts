/*
 * `roundTo` for structured pruning: a layer of 19 or 77 channels runs 10–25% slower per MAC than
 * one of 16 or 80 on tfjs-wasm (and PyTorch), so widths are kept at multiples of N. Counts are
 * rounded up, never down: the sparsity reached is then at most the one asked for, and a layer
 * never loses more than the schedule meant it to.
 */

/**
 * The channels a family of `size` keeps when the sparsity asks it to keep `kept`: `kept` rounded
 * up to a multiple of `roundTo`, at most `size` (a family narrower than `roundTo` stays whole,
 * since no multiple fits).
 */
export function roundKeptUp(kept: number, size: number, roundTo: number): number {
  if (roundTo <= 1) return kept;
  return Math.min(size, Math.ceil(kept / roundTo) * roundTo);
}

/** What `giveBackToMultiples` needs of a ranked channel. */
interface RankedChannel {
  readonly id: string;
  readonly score: number;
  readonly pruned: boolean;
}

/**
 * After a global selection: in each family whose kept count is not a multiple of `roundTo`, the
 * best-scored channels chosen by this update are kept after all, until it is (or until only
 * channels pruned by earlier updates are left, which never come back). Edits `chosen` in place.
 */
export function giveBackToMultiples(families: readonly (readonly RankedChannel[])[], chosen: Set<string>, roundTo: number): void {
  for (const family of families) {
    const pruned = family.filter((c) => chosen.has(c.id));
    const target = roundKeptUp(family.length - pruned.length, family.length, roundTo);
    const returnable = pruned.filter((c) => !c.pruned).sort((a, b) => b.score - a.score);
    for (const c of returnable.slice(0, target - (family.length - pruned.length))) chosen.delete(c.id);
  }
}
