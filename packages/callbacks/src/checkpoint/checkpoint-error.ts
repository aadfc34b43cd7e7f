import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * - `checkpoint-not-found`: the store holds no checkpoint yet (a fresh run, not a failure);
 * - `checkpoint-corrupt`: a file is missing, truncated, altered or not ours;
 * - `checkpoint-unreadable`: the medium failed (permissions, I/O);
 * - `checkpoint-foreign`: written for another config or model;
 * - `checkpoint-unserializable`: tfjs cannot save this model with its optimizer;
 * - `checkpoint-args`: the checkpoint option itself is wrong.
 */
export type CheckpointErrorCode =
  | 'checkpoint-not-found'
  | 'checkpoint-corrupt'
  | 'checkpoint-unreadable'
  | 'checkpoint-foreign'
  | 'checkpoint-unserializable'
  | 'checkpoint-args';

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
