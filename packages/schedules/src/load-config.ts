import { readFile } from 'node:fs/promises';
import { PruningConfigError } from './config-error.js';
import type { ResolvedPruningConfig } from './config-types.js';
import { parseConfigJson } from './parse-config.js';
import { validateConfig, type ValidateConfigOptions } from './validate-config.js';

/**
 * Reads, parses and validates a JSON schedule file; `path` as given names it in every message
 * (`options.source` is ignored). An unreadable file throws a {@link PruningConfigError} with
 * code "CONFIG_UNREADABLE", like
 * `prune.json: cannot read file (ENOENT: no such file or directory)`.
 */
export async function loadConfig(path: string, options: Omit<ValidateConfigOptions, 'source'> = {}): Promise<ResolvedPruningConfig> {
  return validateConfig(await readConfigFile(path), { ...options, source: path });
}

/**
 * Reads and parses a JSON config file without validating it, for callers that validate it
 * themselves: the pruning engine does, with every layer class registered at run time, so
 * `pruningCallbackFromFile` and the CLI accept exactly what `new PruningCallback(config)` does.
 * Unreadable files and invalid JSON throw as in {@link loadConfig}.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const issue = { pointer: '', message: `cannot read file (${describeFsError(error)})` };
    throw new PruningConfigError(path, [issue], { code: 'CONFIG_UNREADABLE', cause: error });
  }
  return parseConfigJson(text, path);
}

/** "ENOENT: no such file or directory", without the syscall and path Node appends. */
function describeFsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const syscall = (error as NodeJS.ErrnoException).syscall;
  const cut = syscall === undefined ? -1 : error.message.lastIndexOf(`, ${syscall}`);
  return cut === -1 ? error.message : error.message.slice(0, cut);
}
