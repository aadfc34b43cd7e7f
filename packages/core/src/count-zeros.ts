/**
 * How many entries of `values` are exactly zero (-0 included): pruned entries of a keep-mask,
 * or zeroed weights of a tensor's data. The one zero count of the library; `undefined` (a
 * weight that is still dense, so has no mask) counts 0.
 */
export function countZeros(values: ArrayLike<number> | undefined): number {
  if (values === undefined) return 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros;
}
