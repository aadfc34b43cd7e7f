import { TfjsPruneError } from '@tfjs-prune/errors';

/** A data source or size that cannot be served: a bad `--data`, a count beyond the digits there are. */
export class DataOptionError extends TfjsPruneError<'DATA_OPTION'> {
  override readonly name = 'DataOptionError';

  constructor(message: string) {
    super('DATA_OPTION', message);
  }
}
