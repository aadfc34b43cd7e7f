import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * `COMPACT_REBUILD_FAILED`: tfjs could not build the rewritten topology (e.g. a custom class not
 * registered with `tf.serialization.registerClass`). `COMPACT_WEIGHTS_MISMATCH`: a rebuilt layer
 * expects other shapes than the sliced weights, i.e. a channel handler's resize is wrong.
 */
export type CompactionErrorCode = 'COMPACT_REBUILD_FAILED' | 'COMPACT_WEIGHTS_MISMATCH';

/** Compaction could not produce a model; the input model is unchanged. */
export class CompactionError extends TfjsPruneError<CompactionErrorCode> {
  override readonly name = 'CompactionError';
}
