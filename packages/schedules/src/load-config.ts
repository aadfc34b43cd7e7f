import { readFile } from 'node:fs/promises';
import { PruningConfigError } from './config-error.js';
import type { ResolvedPruningConfig } from './config-types.js';
import { parseConfigText } from './parse-config.js';
import type { ValidateConfigOptions } from './validate-config.js';

/**
 * Reads, parses and validates a JSON schedule file; `path` as given names it in every message
 * (`options.source` is ignored). An unreadable file throws a {@link PruningConfigError} with
 * code "CONFIG_UNREADABLE", like
 * `prune.json: cannot read file (ENOENT: no such file or directory)`.
 */
export async function loadConfig(path: string, options: Omit<ValidateConfigOptions, 'source'> = {}): Promise<ResolvedPruningConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const issue = { pointer: '', message: `cannot read file (${describeFsError(error)})` };
    throw new PruningConfigError(path, [issue], { code: 'CONFIG_UNREADABLE', cause: error });
  }
  return parseConfigText(text, { ...options, source: path });
}

/** "ENOENT: no such file or directory", without the syscall and path Node appends. */
function describeFsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const syscall = (error as NodeJS.ErrnoException).syscall;
  const cut = syscall === undefined ? -1 : error.message.lastIndexOf(`, ${syscall}`);
  return cut === -1 ? error.message : error.message.slice(0, cut);
}
