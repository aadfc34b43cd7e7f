import { TfjsPruneError } from '@tfjs-prune/errors';

export type CriterionErrorCode =
  /** No criterion of that name is registered. */
  | 'unknown-criterion'
  /** A gradient criterion was asked to score without the gradients it accumulates. */
  | 'missing-gradients'
  /** A weight or accumulated statistic holds NaN or ±Infinity (see NonFiniteWeightError). */
  | 'non-finite-weight';

/** Thrown when a criterion cannot be created or cannot score a weight. */
export class CriterionError extends TfjsPruneError<CriterionErrorCode> {
  override readonly name: string = 'CriterionError';

  constructor(code: CriterionErrorCode, message: string) {
    super(code, message);
  }
}
