import { TfjsPruneError } from '@tfjs-prune/errors';

export type CriterionErrorCode =
  /** No criterion of that name is registered. */
  | 'UNKNOWN_CRITERION'
  /** A gradient criterion was asked to score without the gradients it accumulates. */
  | 'MISSING_GRADIENTS'
  /** A weight or accumulated statistic holds NaN or ±Infinity (see NonFiniteWeightError). */
  | 'NON_FINITE_WEIGHT';

/** Thrown when a criterion cannot be created or cannot score a weight. */
export class CriterionError extends TfjsPruneError<CriterionErrorCode> {
  override readonly name: string = 'CriterionError';

  constructor(code: CriterionErrorCode, message: string) {
    super(code, message);
  }
}
