import { PruningConfigError } from './config-error.js';
import type { PruningSchedule } from './schedule.js';
import { resolveSchedule, scheduleOf, type ScheduleSpec } from './schedule-spec.js';
import { scheduleSchema } from './schema/schedule-schema.js';
import { checkValue } from './validation/check.js';
import { scheduleIssues } from './validation/cross-field.js';

/**
 * Builds the schedule a spec describes, after checking it exactly as a config file's schedule
 * is checked (specs built in code are no more trustworthy than files). Throws a
 * {@link PruningConfigError} with source "schedule" and pointers relative to the spec.
 * `createSchedule(s.toJSON())` behaves exactly like `s`.
 *
 * @example
 * const schedule = createSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 });
 * schedule.sparsityAt(2); // 0.7875
 */
export function createSchedule(spec: ScheduleSpec): PruningSchedule {
  const issues = checkValue(scheduleSchema, spec, (value, failed) => scheduleIssues(value, '', failed));
  if (issues.length > 0) throw new PruningConfigError('schedule', issues);
  return Object.freeze(scheduleOf(resolveSchedule(spec)));
}
