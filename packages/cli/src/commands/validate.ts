import { type ConfigIssue, loadConfig, PruningConfigError } from '../adapters/schedules.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export interface ValidateOptions {
  json?: boolean;
}

interface FileResult {
  file: string;
  valid: boolean;
  issues: ConfigIssue[];
}

/**
 * Checks every file and reports every problem in all of them before exiting, so one run of a CI
 * job lists everything to fix. Only a PruningConfigError counts as "invalid"; anything else is a
 * failure of the tool and propagates.
 */
export async function validate(files: readonly string[], options: ValidateOptions, context: CommandContext): Promise<ExitCode> {
  const results: FileResult[] = [];
  for (const file of files) {
    try {
      await loadConfig(file);
      results.push({ file, valid: true, issues: [] });
    } catch (error) {
      if (!(error instanceof PruningConfigError)) throw error;
      results.push({ file, valid: false, issues: error.issues.map((issue) => ({ ...issue })) });
      if (options.json !== true) for (const line of error.message.split('\n')) context.out.error(line);
    }
  }
  const invalid = results.filter((r) => !r.valid).length;
  if (options.json === true) {
    context.out.result(JSON.stringify({ valid: invalid === 0, files: results }, null, 2));
  } else {
    for (const r of results) if (r.valid) context.out.info(`${r.file}: valid`);
    if (invalid > 0) context.out.info(`${invalid} of ${results.length} file${results.length === 1 ? '' : 's'} invalid`);
  }
  return invalid === 0 ? EXIT.ok : EXIT.failed;
}
