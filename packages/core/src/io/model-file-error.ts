import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * Any problem reading or writing a saved model. `path` is the file (or directory) at fault, and
 * the message starts with it (plus `line:column` when known), so a log line alone says where
 * to look.
 */
export class ModelFileError extends TfjsPruneError<'MODEL_FILE'> {
  override readonly name = 'ModelFileError';

  constructor(
    readonly path: string,
    problem: string,
    options: { cause?: unknown; at?: string } = {},
  ) {
    super('MODEL_FILE', `${path}${options.at === undefined ? '' : `:${options.at}`}: ${problem}`, {
      cause: options.cause,
    });
  }
}
