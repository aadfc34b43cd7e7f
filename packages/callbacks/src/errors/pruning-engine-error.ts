import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * What can go wrong while the engine runs, for programs to branch on:
 * - `stripped`: the engine was stripped and cannot be used again;
 * - `not-attached`: a call that needs a bound model came before `attach`;
 * - `other-model`: one engine asked to prune two different models;
 * - `already-pruned`: another live engine masks the same weights;
 * - `state-mismatch`: a pruning state that belongs to another config;
 * - `no-gradients`: a gradient criterion is due to update with nothing to score on;
 * - `no-rewind-snapshot`: a rewinding pruner has no snapshot to rewind to;
 * - `no-learning-rate`: regularization cannot read the optimizer's learning rate.
 */
export type PruningEngineErrorCode =
  | 'stripped'
  | 'not-attached'
  | 'other-model'
  | 'already-pruned'
  | 'state-mismatch'
  | 'no-gradients'
  | 'no-rewind-snapshot'
  | 'no-learning-rate';

/** Misuse or an impossible request at run time; the message says what to do instead. */
export class PruningEngineError extends TfjsPruneError<PruningEngineErrorCode> {
  override readonly name = 'PruningEngineError';
}
