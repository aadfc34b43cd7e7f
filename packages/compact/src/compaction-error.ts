import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * `compact/rebuild-failed`: tfjs could not build the rewritten topology (e.g. a custom class not
 * registered with `tf.serialization.registerClass`). `compact/weights-mismatch`: a rebuilt layer
 * expects other shapes than the sliced weights, i.e. a channel handler's resize is wrong.
 */
export type CompactionErrorCode = 'compact/rebuild-failed' | 'compact/weights-mismatch';

/** Compaction could not produce a model; the input model is unchanged. */
export class CompactionError extends TfjsPruneError<CompactionErrorCode> {
  override readonly name = 'CompactionError';
}
