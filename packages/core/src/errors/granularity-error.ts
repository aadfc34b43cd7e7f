import { TfjsPruneError } from '@tfjs-prune/errors';

export type GranularityErrorCode =
  /** The granularity cannot prune this weight (e.g. "structured" on a tensor without output units). */
  | 'GRANULARITY_NOT_APPLICABLE'
  /** The granularity's own parameters are wrong (block shape, n:m counts, norm, unknown type). */
  | 'INVALID_GRANULARITY';

/** Thrown when a granularity cannot be built, or cannot apply to a weight; names the layer. */
export class GranularityError extends TfjsPruneError<GranularityErrorCode> {
  override readonly name = 'GranularityError';

  constructor(message: string, code: GranularityErrorCode = 'GRANULARITY_NOT_APPLICABLE') {
    super(code, message);
  }
}
