import type { PrunableWeight } from '../prunable-weights.js';
import type { GroupLayout, GroupNorm } from './group-layout.js';

/**
 * What is removed together. A granularity groups a tensor's entries ({@link GroupLayout});
 * group scores are then ranked exactly like weight scores (they are just a shorter array), and
 * the group mask is expanded back over the entries. Fixed-pattern granularities (n:m) choose
 * inside each group instead, whatever the sparsity and scope.
 */
export interface Granularity {
  /** `unstructured`, `block 4x4`, `2:4`, `structured`: used in messages. */
  readonly name: string;
  /**
   * How the entries of `target` group, or null when each entry stands alone. Throws a
   * {@link GranularityError} for a target this granularity cannot prune, and always for a
   * `channelGroups` granularity, whose groups are not inside one tensor.
   */
  layout(target: PrunableWeight): GroupLayout | null;
  /** How a group's score comes from its entries' scores. */
  readonly norm: GroupNorm;
  /** `'weights'`: the sparsity counts weights (groups weigh their size); `'groups'`: it counts groups. */
  readonly counts: 'weights' | 'groups';
  /**
   * Ranks channel groups across layers (`planChannelUpdate`), not the entries of each tensor:
   * "structured". Default false.
   */
  readonly channelGroups?: boolean | undefined;
  /**
   * Applies only to weights with whole output units (default false) (`PrunableWeight.units`, set from the
   * prunable-layer registry's `unitAxis`). See `targetsForGranularity`.
   */
  readonly needsUnits?: boolean | undefined;
  /**
   * Structured only: every family keeps a multiple of this many channels, rounded up (absent: 1).
   * Honoured by channel-group pruning (`planChannelUpdate`).
   */
  readonly roundTo?: number | undefined;
  /** Set by fixed-pattern granularities: the keep-mask, chosen within each group. */
  selectWithinGroups?(scores: Float32Array, layout: GroupLayout, previous: Uint8Array | undefined): Uint8Array;
}

// The class moved to errors/ with the other error classes; modules importing it from here keep working.
export { GranularityError } from '../errors/granularity-error.js';

/** [prod(shape[:-1]), shape[-1]]: the 2-D view of a kernel (Dense [in, out]; conv [kh·kw·in, out]). */
export function matrixView(shape: readonly number[]): [number, number] {
  const cols = shape.length === 0 ? 1 : (shape[shape.length - 1] as number);
  const size = shape.reduce((a, b) => a * b, 1);
  return [cols === 0 ? 0 : size / cols, cols];
}
