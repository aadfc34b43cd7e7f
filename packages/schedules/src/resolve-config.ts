import { prunerDefaults } from './config-types.js';
import type {
  BudgetTarget, LayerSelector, ResolvedBudgetTarget, PrunerConfigInput, PruningConfigInput, RegularizationSpec, ResolvedPrunerConfig, ResolvedPruningConfig, RewindSpec, ScheduleTiming,
} from './config-types.js';
import { resolveGranularity } from './granularity.js';
import { targetedPruners, withoutSparsity } from './budget-target.js';
import { isPruningSchedule } from './schedule.js';
import { resolveSchedule, type ScheduleInput } from './schedule-spec.js';

/** A pruner as written: with a sparsity in its schedule, or the targeted one with only the timing. */
type WrittenPruner = Omit<PrunerConfigInput, 'schedule'> & { schedule: ScheduleInput | ScheduleTiming };

/**
 * Fills every default of a validated config. The result is built from known keys only and
 * copies every array, so it shares nothing with the input and nothing in the input (not even a
 * `"__proto__"` key) can reach it. A schedule object is the one thing passed on as it is. Defaults are filled here, not by ajv's `useDefaults`, which
 * would write into the caller's object.
 */
export function resolveConfig(config: PruningConfigInput): ResolvedPruningConfig {
  if (config.target === undefined) return { pruners: config.pruners.map((p, i) => resolvePruner(p, i, false)) };
  const targeted = new Set(targetedPruners(config.pruners));
  return {
    target: resolveTarget(config.target),
    pruners: config.pruners.map((p, i) => resolvePruner(p, i, targeted.has(i))),
  };
}

function resolveTarget(target: BudgetTarget): ResolvedBudgetTarget {
  // Validated: one known key, whose value is a number or a latency object.
  return 'latency' in target ? { latency: { speedup: target.latency.speedup, batch: target.latency.batch ?? 1 } } : { ...target };
}

/** `targeted`: the schedule gives only timing, and stays without a sparsity (see `budget-target.ts`). */
function resolvePruner(pruner: WrittenPruner, index: number, targeted: boolean): ResolvedPrunerConfig {
  // A timing-only spec resolves with its sparsity keys undefined, which `withoutSparsity` removes.
  const schedule = pruner.schedule as ScheduleInput;
  return {
    name: pruner.name ?? `pruner-${index}`,
    layers: resolveLayers(pruner.layers ?? {}),
    criterion: pruner.criterion ?? prunerDefaults.criterion,
    granularity: resolveGranularity(pruner.granularity ?? prunerDefaults.granularity),
    scope: pruner.scope ?? prunerDefaults.scope,
    schedule: targeted && !isPruningSchedule(schedule) ? withoutSparsity(resolveSchedule(schedule)) : resolveSchedule(schedule),
    seed: pruner.seed ?? prunerDefaults.seed,
    normalize: pruner.normalize ?? prunerDefaults.normalize,
    // `?? null` also maps the null a resolved config holds (and the schema accepts) to itself.
    maxLayerSparsity: pruner.maxLayerSparsity ?? prunerDefaults.maxLayerSparsity,
    regularization: resolveRegularization(pruner.regularization),
    rewind: resolveRewind(pruner.rewind ?? prunerDefaults.rewind),
  };
}

function resolveRegularization(spec: RegularizationSpec | null | undefined): ResolvedPrunerConfig['regularization'] {
  return spec == null ? prunerDefaults.regularization : { type: spec.type, strength: spec.strength };
}

function resolveRewind(spec: RewindSpec): ResolvedPrunerConfig['rewind'] {
  return typeof spec === 'string' ? spec : { epoch: spec.epoch };
}

/** Absent selector fields stay absent: "no filter" is not the same as any list. */
function resolveLayers(layers: LayerSelector): LayerSelector {
  const resolved: LayerSelector = {};
  if (layers.include !== undefined) resolved.include = [...layers.include];
  if (layers.exclude !== undefined) resolved.exclude = [...layers.exclude];
  if (layers.classes !== undefined) resolved.classes = [...layers.classes];
  if (layers.trainable !== undefined) resolved.trainable = layers.trainable;
  return resolved;
}
