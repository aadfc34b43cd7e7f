import { TfjsPruneError } from '@tfjs-prune/errors';

export type MaskErrorCode =
  /** The sparsity asked of a mask update is not in [0, 1). */
  | 'INVALID_SPARSITY'
  /** A mask does not have one entry per weight. */
  | 'MASK_SIZE_MISMATCH'
  /** The weight is not one this MaskStore owns. */
  | 'UNKNOWN_TARGET'
  /** The same weight was given twice, to one store or to one commit. */
  | 'DUPLICATE_TARGET'
  /** The MaskStore (or a GradientAccumulator) was disposed. */
  | 'STORE_DISPOSED'
  /** An internal ranking was asked for a rank outside the scores (a bug: please report it). */
  | 'INVALID_RANK';

/** Thrown by mask planning, committing and the MaskStore; names the weight. */
export class MaskError extends TfjsPruneError<MaskErrorCode> {
  override readonly name = 'MaskError';
}
