/**
 * Splits `total` into integer shares proportional to `weights` (largest-remainder method), so the
 * shares sum to exactly `total` and none exceeds its weight when `total <= sum(weights)`. Ties go
 * to the lower index, keeping the result deterministic. Integer arithmetic: weights and totals
 * here are sample counts, far below 2^26, so the products stay exact.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const byRemainder = weights
    .map((w, index) => ({ index, remainder: (total * w) % sum }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const { index } of byRemainder) {
    if (left-- <= 0) break;
    shares[index] = (shares[index] ?? 0) + 1;
  }
  return shares;
}
