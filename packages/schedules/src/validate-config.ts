import { PruningConfigError } from './config-error.js';
import type { PruningConfigInput, ResolvedPruningConfig } from './config-types.js';
import { resolveConfig } from './resolve-config.js';
import { checkConfigValue } from './validation/check.js';
import { configIssues } from './validation/cross-field.js';
import { allowLayerClasses, layerClassesIssues } from './validation/layer-classes.js';
import { separateScheduleObjects } from './validation/schedule-objects.js';

export interface ValidateConfigOptions {
  /** Starts each line of an error message, e.g. a file path. Defaults to "config". */
  source?: string;
  /**
   * Layer classes `layers.classes` may name besides the built-in {@link prunableLayerClasses},
   * e.g. the classes registered with core's `registerLayer`. Defaults to none.
   */
  layerClasses?: readonly string[];
}

/**
 * Validates a config (parsed JSON, or a {@link PruningConfigInput} written in code) and returns
 * it with every default filled in. Never mutates `value`. A pruner's schedule may be a
 * `PruningSchedule` object: it is checked for its methods and kept as it is. Throws a
 * {@link PruningConfigError} (code "CONFIG_INVALID") listing every problem.
 *
 * @example
 * const config = validateConfig(JSON.parse(text), { source: 'prune.json' });
 */
// The first overload is there for editors: an object literal passed in place is completed as a config.
export function validateConfig(value: PruningConfigInput, options?: ValidateConfigOptions): ResolvedPruningConfig;
export function validateConfig(value: unknown, options?: ValidateConfigOptions): ResolvedPruningConfig;
export function validateConfig(value: unknown, options: ValidateConfigOptions = {}): ResolvedPruningConfig {
  const layerClasses = options.layerClasses ?? [];
  const optionIssues = layerClassesIssues(layerClasses);
  if (optionIssues.length > 0) throw new PruningConfigError('validateConfig options', optionIssues);
  const { json, scheduleObjects, issues: objectIssues } = separateScheduleObjects(value);
  const issues = [
    ...objectIssues,
    ...checkConfigValue(
      json,
      (config, failed) => configIssues(config, failed, scheduleObjects),
      (errors) => allowLayerClasses(errors, layerClasses),
    ),
  ];
  if (issues.length > 0) throw new PruningConfigError(options.source ?? 'config', issues);
  return resolveConfig(value as PruningConfigInput);
}
