import { isPruningSchedule, type PruningSchedule, unitOf } from './schedule.js';
import { scheduleKind, type ResolvedScheduleSpec, type ScheduleSpec } from './schedule-kinds.js';
import { type ScheduleUnit, specUnit } from './schedule-unit.js';

/** A schedule where code may give one: a spec (as in a config file) or a {@link PruningSchedule} object. */
export type ScheduleInput = ScheduleSpec | PruningSchedule;

/** A resolved config's schedule: a spec with every default filled in, or the object given in code, as it was. */
export type ResolvedSchedule = ResolvedScheduleSpec | PruningSchedule;

/** How far {@link firstUpdateEpoch} looks for the first update of a schedule object. */
const firstUpdateSearchLimit = 10_000;

/** Fills a spec's defaults (copying known keys only); a schedule object is returned as it is. */
export function resolveSchedule(schedule: ScheduleSpec): ResolvedScheduleSpec;
export function resolveSchedule(schedule: ScheduleInput): ResolvedSchedule;
export function resolveSchedule(schedule: ScheduleInput): ResolvedSchedule {
  return isPruningSchedule(schedule) ? schedule : scheduleKind(schedule.type).resolve(schedule);
}

/** What a schedule counts: `step` for a spec with a step field or an object with `unit: "step"`. */
export function scheduleUnit(schedule: ScheduleInput): ScheduleUnit {
  return isPruningSchedule(schedule) ? unitOf(schedule) : specUnit(schedule);
}

/**
 * The epoch (or, for a schedule counted in steps, the step: see {@link scheduleUnit}) of the
 * first mask update: before it the model is dense (and a gradient criterion has seen no
 * gradients). Accepts a spec with or without defaults. A schedule object cannot be inspected,
 * so its first update is searched for among the first 10,000 indices (Infinity if none).
 */
export function firstUpdateEpoch(schedule: ScheduleInput): number {
  if (isPruningSchedule(schedule)) {
    for (let epoch = 0; epoch < firstUpdateSearchLimit; epoch++) if (schedule.updatesAt(epoch)) return epoch;
    return Infinity;
  }
  const resolved = resolveSchedule(schedule);
  return scheduleKind(resolved.type).firstUpdate(resolved);
}

/**
 * The epoch (or step, see {@link scheduleUnit}) of the last mask update: from here on the masks
 * are frozen and the sparsity is the schedule's final one. Accepts a spec with or without defaults. Infinity for a schedule object,
 * which may update at any later epoch.
 */
export function lastUpdateEpoch(schedule: ScheduleInput): number {
  if (isPruningSchedule(schedule)) return Infinity;
  const resolved = resolveSchedule(schedule);
  return scheduleKind(resolved.type).lastUpdate(resolved);
}
