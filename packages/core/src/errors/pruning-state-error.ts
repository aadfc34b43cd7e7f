import { TfjsPruneError } from '@tfjs-prune/errors';

export type PruningStateErrorCode =
  /** A saved tensor has a different shape than the model's weight: saved from another model. */
  | 'STATE_SHAPE_MISMATCH'
  /** Some targets have saved tensors of a kind and others do not. */
  | 'STATE_INCOMPLETE'
  /** A rewind was asked for before any snapshot was captured. */
  | 'NO_SNAPSHOT';

/** Thrown when saved pruning state does not fit the model or pruner it is restored into. */
export class PruningStateError extends TfjsPruneError<PruningStateErrorCode> {
  override readonly name = 'PruningStateError';
}
