/** Flat row-major offsets of every element whose coordinate on `axis` is one of `indices`. */
export function sliceOffsets(shape: readonly number[], axis: number, indices: readonly number[]): number[] {
  const dim = shape[axis] ?? 1;
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const offsets: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const i of indices) {
      const base = (o * dim + i) * inner;
      for (let j = 0; j < inner; j++) offsets.push(base + j);
    }
  }
  return offsets;
}
