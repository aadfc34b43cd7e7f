/**
 * The baseline a quickselect is measured against: the same keep-mask as core's `pruneLowest`
 * (exactly `count` lowest scores pruned, ties broken by position), but finding the threshold by
 * sorting a copy of the scores, O(n log n), the way a naive implementation would.
 */
export function sortPruneLowest(scores: Float32Array, count: number): Uint8Array {
  const n = scores.length;
  const mask = new Uint8Array(n).fill(1);
  if (count <= 0) return mask;
  if (count >= n) return mask.fill(0);
  const sorted = Float32Array.from(scores).sort();
  const threshold = sorted[count - 1] as number;
  let below = 0;
  for (let i = 0; i < n; i++) if ((scores[i] as number) < threshold) below++;
  let ties = count - below;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s < threshold) mask[i] = 0;
    else if (s === threshold && ties > 0) {
      mask[i] = 0;
      ties--;
    }
  }
  return mask;
}
