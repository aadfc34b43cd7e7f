import { CliError } from './cli-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * Turns anything a command threw into the lines the user reads, one per problem, and the exit
 * status. Library errors already say where and what; a stack trace from deep inside tfjs would
 * only hide that, so it is shown only when TFJS_PRUNE_DEBUG is set.
 */
export function describeError(error: unknown): { lines: string[]; exitCode: ExitCode } {
  const exitCode = error instanceof CliError ? error.exitCode : EXIT.failed;
  if (!(error instanceof Error)) return { lines: [`error: ${String(error)}`], exitCode };
  const lines = error.message.split('\n').filter((line) => line.trim() !== '');
  const shown = lines.length === 0 ? [error.name] : lines;
  const prefixed = error.name === 'PruningConfigError' ? shown : shown.map((line) => `error: ${line}`);
  if ((process.env['TFJS_PRUNE_DEBUG'] ?? '') !== '' && error.stack !== undefined) prefixed.push(error.stack);
  return { lines: prefixed, exitCode };
}
