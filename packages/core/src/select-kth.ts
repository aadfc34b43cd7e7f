/**
 * The value of rank `k` (0-based) in ascending order, found by quickselect in expected O(n).
 * Mask updates run over millions of scores; a full sort would be O(n log n) and allocate.
 * `values` is reordered in place: pass a scratch copy.
 *
 * Pivots come from a fixed-seed generator rather than Math.random so a mask update is
 * reproducible run to run, while adversarial (sorted, constant) inputs still split well.
 */
export function selectKth(values: Float32Array, k: number): number {
  if (!Number.isInteger(k) || k < 0 || k >= values.length) {
    throw new RangeError(`rank ${k} is outside [0, ${values.length - 1}]`);
  }
  let left = 0;
  let right = values.length - 1;
  let seed = 0x9e3779b9;
  while (left < right) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const pivot = values[left + (seed % (right - left + 1))] as number;
    // Three-way partition: runs of equal scores (pruned zeros, quantized weights) would make
    // a two-way partition quadratic.
    let lt = left;
    let gt = right;
    let i = left;
    while (i <= gt) {
      const v = values[i] as number;
      if (v < pivot) swap(values, lt++, i++);
      else if (v > pivot) swap(values, i, gt--);
      else i++;
    }
    if (k < lt) right = lt - 1;
    else if (k > gt) left = gt + 1;
    else return pivot;
  }
  return values[left] as number;
}

function swap(values: Float32Array, a: number, b: number): void {
  const t = values[a] as number;
  values[a] = values[b] as number;
  values[b] = t;
}
