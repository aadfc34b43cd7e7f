import { GranularityError } from '../errors/granularity-error.js';
import { GroupLayout, type GroupNorm, groupNorms } from './group-layout.js';
import { type Granularity, matrixView } from './granularity.js';

/**
 * r×c blocks of the kernel's 2-D view [prod(shape[:-1]), shape[-1]], kept or pruned whole by the
 * norm of their scores. Blocks at the bottom and right edges may be partial; the sparsity counts
 * weights, so a partial block weighs its real size. Block-sparse kernels are what block-sparse
 * matrix multiplication kernels can skip (Gray et al. 2017).
 *
 * Norms: `l1` (Σ|s|, the default), `l2`, `max`, and `avg` (Σ|s| / block size: TFMOT's default
 * block pooling). The default stays `l1` because it is what configs written so far were pruned
 * with, and on kernels the blocks tile exactly it ranks every block as `avg` does (all blocks
 * have one size, so sum and mean order them alike). They differ only on partial edge blocks,
 * which `l1` ranks lower for being smaller: choose `avg` when the shape does not divide the
 * kernel and edge blocks should compete on their mean.
 */
export function block(shape: readonly [number, number], norm: GroupNorm = 'l1'): Granularity {
  const [r, c] = shape;
  if (!(Number.isInteger(r) && r >= 1 && Number.isInteger(c) && c >= 1)) {
    throw new GranularityError(`block shape must be two positive integers (got ${JSON.stringify(shape)})`, 'INVALID_GRANULARITY');
  }
  if (!groupNorms.includes(norm)) {
    throw new GranularityError(
      `block norm must be one of ${groupNorms.map((n) => `"${n}"`).join(', ')} (got ${JSON.stringify(norm)})`,
      'INVALID_GRANULARITY',
    );
  }
  return {
    name: `block ${r}x${c}`,
    layout: (target) => new GroupLayout(target.shape, [1, ...matrixView(target.shape)], [1, r, c]),
    norm,
    counts: 'weights',
    needsUnits: false,
  };
}
