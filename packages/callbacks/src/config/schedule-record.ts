import type { PruningSchedule, ResolvedScheduleSpec } from '@tfjs-prune/schedules';

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
