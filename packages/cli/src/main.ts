import { readFileSync } from 'node:fs';

import { CommanderError } from 'commander';

import { describeError } from './describe-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { createOutput } from './output.js';
import { buildProgram } from './program.js';

/** Runs one command line and returns the exit status; never throws. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  const status: { code: ExitCode } = { code: EXIT.ok };
  const program = buildProgram(packageVersion(), status);
  try {
    await program.parseAsync([...argv]);
    return status.code;
  } catch (error) {
    // Commander has already printed its one-line message (and --help / --version output).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { lines, exitCode } = describeError(error);
    const globals = program.opts<{ color?: boolean }>();
    const out = createOutput({ color: globals.color ?? true });
    for (const line of lines) out.error(line);
    return exitCode;
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
