import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * A data file that is missing or malformed. The message starts with the file's path, so the log
 * line alone says which of the four IDX files to fix.
 */
export class DataFileError extends TfjsPruneError<'DATA_FILE'> {
  override readonly name = 'DataFileError';

  constructor(
    readonly path: string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super('DATA_FILE', `${path}: ${problem}`, options);
  }
}
