/**
 * The nearest integer to `x`, halves going to the even neighbour (banker's rounding): 2.5 → 2,
 * 3.5 → 4, -2.5 → -2. This is how every count of pruned entries is rounded (weights, units,
 * blocks), the same rule as Python's `round()` in `torch.nn.utils.prune` and `tf.round` in
 * TFMOT, so 10 weights at sparsity 0.25 prune 2, as they do there, not 3. `Math.round` would
 * round every half up and so prune one entry more than both on every tie.
 */
export function roundHalfToEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}
