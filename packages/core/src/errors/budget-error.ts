import { TfjsPruneError } from '@tfjs-prune/errors';

export type BudgetErrorCode = 'BUDGET_INVALID_TARGET' | 'BUDGET_MISSING_SCORE';

/** A MAC or parameter budget that cannot be allocated: a target outside (0, 1], a channel without a score. */
export class BudgetError extends TfjsPruneError<BudgetErrorCode> {
  override readonly name = 'BudgetError';
}
