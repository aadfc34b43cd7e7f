import { GroupLayout, type GroupNorm } from './group-layout.js';
import { type Granularity, matrixView } from './granularity.js';

/**
 * r×c blocks of the kernel's 2-D view [prod(shape[:-1]), shape[-1]], kept or pruned whole by the
 * norm of their scores (l1, l2 or max). Blocks at the bottom and right edges may be partial; the
 * sparsity counts weights, so a partial block weighs its real size. Block-sparse kernels are
 * what block-sparse matrix multiplication kernels can skip (Gray et al. 2017).
 */
export function block(shape: readonly [number, number], norm: GroupNorm = 'l1'): Granularity {
  const [r, c] = shape;
  if (!(Number.isInteger(r) && r >= 1 && Number.isInteger(c) && c >= 1)) {
    throw new RangeError(`block shape must be two positive integers (got ${JSON.stringify(shape)})`);
  }
  return {
    name: `block ${r}x${c}`,
    layout: (target) => new GroupLayout(target.shape, [1, ...matrixView(target.shape)], [1, r, c]),
    norm,
    counts: 'weights',
    masksBias: false,
  };
}
