import { TfjsPruneError } from '@tfjs-prune/errors';

export type MaskErrorCode =
  /** The sparsity asked of a mask update is not in [0, 1). */
  | 'invalid-sparsity'
  /** A mask does not have one entry per weight (or per bias entry). */
  | 'mask-size-mismatch'
  /** A bias mask was given for a weight without output units. */
  | 'no-output-units'
  /** The weight is not one this MaskStore owns. */
  | 'unknown-target'
  /** The same weight was given twice, to one store or to one commit. */
  | 'duplicate-target'
  /** The MaskStore (or a GradientAccumulator) was disposed. */
  | 'store-disposed'
  /** An internal ranking was asked for a rank outside the scores (a bug: please report it). */
  | 'invalid-rank';

/** Thrown by mask planning, committing and the MaskStore; names the weight. */
export class MaskError extends TfjsPruneError<MaskErrorCode> {
  override readonly name = 'MaskError';

  constructor(code: MaskErrorCode, message: string) {
    super(code, message);
  }
}
