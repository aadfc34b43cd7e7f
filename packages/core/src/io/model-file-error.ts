/**
 * Any problem reading or writing a saved model. `path` is the file (or directory) at fault, and
 * the message starts with it (plus `line:column` when known), so a log line alone says where
 * to look.
 */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';

  constructor(
    readonly path: string,
    problem: string,
    options: { cause?: unknown; at?: string } = {},
  ) {
    super(`${path}${options.at === undefined ? '' : `:${options.at}`}: ${problem}`, {
      cause: options.cause,
    });
  }
}
