import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * - `CHECKPOINT_NOT_FOUND`: the store holds no checkpoint yet (a fresh run, not a failure);
 * - `CHECKPOINT_CORRUPT`: a file is missing, truncated, altered or not ours;
 * - `CHECKPOINT_UNREADABLE`: the medium failed (permissions, I/O);
 * - `CHECKPOINT_FOREIGN`: written for another config or model;
 * - `CHECKPOINT_UNSERIALIZABLE`: tfjs cannot save this model with its optimizer;
 * - `CHECKPOINT_ARGS`: the checkpoint option itself is wrong.
 */
export type CheckpointErrorCode =
  | 'CHECKPOINT_NOT_FOUND'
  | 'CHECKPOINT_CORRUPT'
  | 'CHECKPOINT_UNREADABLE'
  | 'CHECKPOINT_FOREIGN'
  | 'CHECKPOINT_UNSERIALIZABLE'
  | 'CHECKPOINT_ARGS';

/**
 * A checkpoint that cannot be written, or must not be resumed from. The message starts with the
 * file or directory at fault and says what is wrong with it (corrupt, truncated, another
 * config, another model), because "resume failed" alone sends people to the wrong place.
 */
export class CheckpointError extends TfjsPruneError<CheckpointErrorCode> {
  override readonly name = 'CheckpointError';

  constructor(
    code: CheckpointErrorCode,
    readonly path: string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, `${path}: ${problem}`, options);
  }
}
