import { prunerDefaults } from './config-types.js';
import type { LayerSelector, PrunerConfig, PruningConfig, ResolvedPrunerConfig, ResolvedPruningConfig } from './config-types.js';
import { resolveSchedule } from './schedule-spec.js';

/**
 * Fills every default of a validated config. The result is built from known keys only and
 * copies every array, so it shares nothing with the input and nothing in the input (not even a
 * `"__proto__"` key) can reach it. Defaults are filled here, not by ajv's `useDefaults`, which
 * would write into the caller's object.
 */
export function resolveConfig(config: PruningConfig): ResolvedPruningConfig {
  return { pruners: config.pruners.map(resolvePruner) };
}

function resolvePruner(pruner: PrunerConfig, index: number): ResolvedPrunerConfig {
  return {
    name: pruner.name ?? `pruner-${index}`,
    layers: resolveLayers(pruner.layers ?? {}),
    criterion: pruner.criterion ?? prunerDefaults.criterion,
    granularity: pruner.granularity ?? prunerDefaults.granularity,
    scope: pruner.scope ?? prunerDefaults.scope,
    schedule: resolveSchedule(pruner.schedule),
  };
}

/** Absent selector fields stay absent: "no filter" is not the same as any list. */
function resolveLayers(layers: LayerSelector): LayerSelector {
  const resolved: LayerSelector = {};
  if (layers.include !== undefined) resolved.include = [...layers.include];
  if (layers.exclude !== undefined) resolved.exclude = [...layers.exclude];
  if (layers.classes !== undefined) resolved.classes = [...layers.classes];
  return resolved;
}
