import { PruningConfigError } from './config-error.js';
import { looksLikeScheduleObject, type PruningSchedule } from './schedule.js';
import type { BuiltInSchedule } from './schedule-kind.js';
import { scheduleKind, type ResolvedScheduleSpec, type ScheduleSpec } from './schedule-kinds.js';
import { resolveSchedule, type ScheduleInput } from './schedule-spec.js';
import { checkConfigValue } from './validation/check.js';
import { scheduleIssues } from './validation/cross-field.js';
import { scheduleObjectIssues } from './validation/schedule-objects.js';

/** Where a spec sits in the config the validator checks it inside of. */
const slot = '/pruners/0/schedule';

/**
 * Builds the schedule a spec describes, after checking it exactly as a config file's schedule
 * is checked (specs built in code are no more trustworthy than files). Throws a
 * {@link PruningConfigError} with source "schedule" and pointers relative to the spec.
 * `createSchedule(s.toJSON())` behaves exactly like `s`. A {@link PruningSchedule} object is
 * checked for its methods and returned as it is.
 *
 * @example
 * const schedule = createSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 });
 * schedule.sparsityAt(2); // 0.7875
 */
export function createSchedule(spec: ScheduleSpec): BuiltInSchedule<ResolvedScheduleSpec>;
export function createSchedule(schedule: ScheduleInput): PruningSchedule;
export function createSchedule(schedule: ScheduleInput): PruningSchedule {
  if (looksLikeScheduleObject(schedule)) {
    const issues = scheduleObjectIssues(schedule as object, '');
    if (issues.length > 0) throw new PruningConfigError('schedule', issues);
    return schedule as PruningSchedule;
  }
  // A config cannot hold undefined, so the config's validator would call the key missing.
  if (schedule === undefined) throw new PruningConfigError('schedule', [{ pointer: '', message: 'must be an object (got undefined)' }]);
  // The spec is checked in the place it has in a config, so there is one compiled validator.
  const issues = checkConfigValue({ pruners: [{ schedule }] }, (value, failed) =>
    scheduleIssues((value as { pruners: [{ schedule: unknown }] }).pruners[0].schedule, slot, failed));
  if (issues.length > 0) {
    throw new PruningConfigError('schedule', issues.map((issue) => ({ ...issue, pointer: issue.pointer.slice(slot.length) })));
  }
  const resolved = resolveSchedule(schedule as ScheduleSpec);
  return Object.freeze(scheduleKind(resolved.type).create(resolved));
}
