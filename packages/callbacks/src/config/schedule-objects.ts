import type { PruningSchedule, ResolvedScheduleSpec } from '@tfjs-prune/schedules';

/*
 * Until `validateConfig` accepts `PruningSchedule` objects itself (h9-schedules), the callbacks
 * side takes them out of the config before validation and puts them back after. This file is
 * the one place to delete when it does.
 */

/** What validation sees in place of a schedule object: the loosest valid spec. */
const PLACEHOLDER: ResolvedScheduleSpec = { type: 'one-shot', sparsity: 0, epoch: 0 };

/** A hand-written schedule: anything with the two functions the engine calls. */
export function isScheduleObject(value: unknown): value is PruningSchedule {
  const v = value as Partial<PruningSchedule> | null;
  return typeof v === 'object' && v !== null && typeof v.sparsityAt === 'function' && typeof v.updatesAt === 'function';
}

export interface SetAside {
  /** The config with every schedule object replaced by a placeholder spec. */
  readonly config: unknown;
  /** The schedule objects, by pruner index. */
  readonly objects: ReadonlyMap<number, PruningSchedule>;
}

/** Copies only what it changes; the caller's config is never modified. */
export function setAsideScheduleObjects(config: unknown): SetAside {
  const objects = new Map<number, PruningSchedule>();
  const pruners = (config as { pruners?: unknown } | null)?.pruners;
  if (!Array.isArray(pruners)) return { config, objects };
  const replaced = pruners.map((pruner: unknown, i) => {
    const schedule = (pruner as { schedule?: unknown } | null)?.schedule;
    if (!isScheduleObject(schedule)) return pruner;
    objects.set(i, schedule);
    return { ...(pruner as object), schedule: PLACEHOLDER };
  });
  return objects.size === 0 ? { config, objects } : { config: { ...(config as object), pruners: replaced }, objects };
}

/**
 * What a checkpoint and a report record for a schedule object: its own `toJSON()` when that is
 * a plain object with a `type`, otherwise `{"type": "custom"}`.
 */
export function recordOf(schedule: PruningSchedule): ResolvedScheduleSpec {
  let json: unknown;
  try {
    json = schedule.toJSON();
  } catch {
    json = undefined;
  }
  const typed = typeof json === 'object' && json !== null && typeof (json as { type?: unknown }).type === 'string';
  return (typed ? json : { type: 'custom' }) as ResolvedScheduleSpec;
}
