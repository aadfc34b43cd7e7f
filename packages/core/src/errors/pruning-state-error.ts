import { TfjsPruneError } from '@tfjs-prune/errors';

export type PruningStateErrorCode =
  /** A saved tensor has a different shape than the model's weight: saved from another model. */
  | 'state-shape-mismatch'
  /** Some targets have saved tensors of a kind and others do not. */
  | 'state-incomplete'
  /** A rewind was asked for before any snapshot was captured. */
  | 'no-snapshot';

/** Thrown when saved pruning state does not fit the model or pruner it is restored into. */
export class PruningStateError extends TfjsPruneError<PruningStateErrorCode> {
  override readonly name = 'PruningStateError';

  constructor(code: PruningStateErrorCode, message: string) {
    super(code, message);
  }
}
