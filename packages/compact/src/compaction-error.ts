import { TfjsPruneError } from '@tfjs-prune/errors';

export type CompactionErrorCode = 'compact/rebuild-failed';

/** Compaction could not produce a model; the input model is unchanged. */
export class CompactionError extends TfjsPruneError<CompactionErrorCode> {
  override readonly name = 'CompactionError';
}
