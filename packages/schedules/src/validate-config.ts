import { PruningConfigError } from './config-error.js';
import type { PruningConfig, ResolvedPruningConfig } from './config-types.js';
import { resolveConfig } from './resolve-config.js';
import { configSchema } from './schema.js';
import { checkValue } from './validation/check.js';
import { configIssues } from './validation/cross-field.js';

/**
 * Validates a parsed config (any JSON value) and returns it with every default filled in.
 * Never mutates `value`. Throws a {@link PruningConfigError} listing every problem;
 * `options.source` (default "config") starts each line of its message.
 *
 * @example
 * const config = validateConfig(JSON.parse(text), { source: 'prune.json' });
 */
export function validateConfig(value: unknown, options: { source?: string } = {}): ResolvedPruningConfig {
  const issues = checkValue(configSchema, value, configIssues);
  if (issues.length > 0) throw new PruningConfigError(options.source ?? 'config', issues);
  return resolveConfig(value as PruningConfig);
}
