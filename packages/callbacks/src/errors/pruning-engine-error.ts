import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * What can go wrong while the engine runs, for programs to branch on:
 * - `STRIPPED`: the engine was stripped and cannot be used again;
 * - `NOT_ATTACHED`: a call that needs a bound model came before `attach`;
 * - `OTHER_MODEL`: one engine asked to prune two different models;
 * - `ALREADY_PRUNED`: another live engine masks the same weights;
 * - `STATE_MISMATCH`: a pruning state that belongs to another config;
 * - `NO_GRADIENTS`: a gradient criterion is due to update with nothing to score on;
 * - `NO_REWIND_SNAPSHOT`: a rewinding pruner has no snapshot to rewind to;
 * - `NO_LEARNING_RATE`: regularization cannot read the optimizer's learning rate;
 * - `LATENCY_NOT_MEASURED`: a latency target is due to update before its speedup was measured
 *   (a custom loop skipped `await engine.measureTargets(epoch)`).
 */
export type PruningEngineErrorCode =
  | 'STRIPPED'
  | 'NOT_ATTACHED'
  | 'OTHER_MODEL'
  | 'ALREADY_PRUNED'
  | 'STATE_MISMATCH'
  | 'NO_GRADIENTS'
  | 'NO_REWIND_SNAPSHOT'
  | 'NO_LEARNING_RATE'
  | 'LATENCY_NOT_MEASURED'
  | 'LATENCY_UNMEASURABLE';

/** Misuse or an impossible request at run time; the message says what to do instead. */
export class PruningEngineError extends TfjsPruneError<PruningEngineErrorCode> {
  override readonly name = 'PruningEngineError';
}
