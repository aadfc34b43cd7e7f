import { TfjsPruneError } from '@tfjs-prune/errors';

export type CountMacsErrorCode = 'MACS_UNKNOWN_SHAPE' | 'MACS_UNKNOWN_LAYER';

export class CountMacsError extends TfjsPruneError<CountMacsErrorCode> {
  override readonly name = 'CountMacsError';
}
