import { jsonSyntaxProblem } from '@tfjs-prune/errors';

import { PruningConfigError } from './config-error.js';
import type { ResolvedPruningConfig } from './config-types.js';
import { validateConfig, type ValidateConfigOptions } from './validate-config.js';

/**
 * Parses and validates the text of a JSON schedule file. Nothing in it is evaluated. Invalid
 * JSON throws a {@link PruningConfigError} (code "CONFIG_INVALID_JSON") naming the line and column.
 */
export function parseConfigText(text: string, options: ValidateConfigOptions = {}): ResolvedPruningConfig {
  const source = options.source ?? 'config';
  return validateConfig(parseConfigJson(text, source), { ...options, source });
}

/**
 * The JSON value of a config file's text, not validated: for callers that validate it
 * themselves (the pruning engine, with the layer classes registered at run time).
 */
export function parseConfigJson(text: string, source: string): unknown {
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = describeJsonSyntaxError(json, error);
    throw new PruningConfigError(source, [{ pointer: '', message }], { code: 'CONFIG_INVALID_JSON', cause: error });
  }
}

/** "invalid JSON at line 3, column 14: <reason>", the wording of every other config issue. */
function describeJsonSyntaxError(text: string, error: unknown): string {
  const { reason, at } = jsonSyntaxProblem(text, error);
  const short = reason.charAt(0).toLowerCase() + reason.slice(1);
  return at === undefined ? `invalid JSON: ${short}` : `invalid JSON at line ${at.line}, column ${at.column}: ${short}`;
}
