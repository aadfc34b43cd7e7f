import { TfjsPruneError } from '@tfjs-prune/errors';

import { EXIT, type ExitCode } from './exit-codes.js';

export type CliErrorCode = 'CLI_USAGE' | 'CLI_FAILED';

/**
 * An error the command line reports as it is: its message is already the line the user reads,
 * and its code picks the exit status (usage errors exit 2, everything else 1).
 */
export class CliError extends TfjsPruneError<CliErrorCode> {
  override readonly name = 'CliError';

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  get exitCode(): ExitCode {
    return this.code === 'CLI_USAGE' ? EXIT.usage : EXIT.failed;
  }
}

export const usageError = (message: string): CliError => new CliError('CLI_USAGE', message);
