import type { ConfigIssue } from '../issues.js';
import { describeValue } from '../issues.js';
import { fieldView } from '../field-view.js';
import { targetIssues } from './target-rules.js';
import { isScheduleType, scheduleKind } from '../schedule-kinds.js';
import type { Failed } from './check.js';
import { prunerIssues } from './pruner-rules.js';
import { isRecord } from '../is-record.js';

/*
 * Rules that relate several values and so cannot live in the JSON Schema. They run on the raw
 * input, guarded at every step, because they also run when other parts of it are invalid.
 */

/** The schedule kind's own rules (e.g. endEpoch > startEpoch), once its `type` is known. */
export function scheduleIssues(schedule: unknown, pointer: string, failed: Failed): ConfigIssue[] {
  if (!isRecord(schedule) || !Object.hasOwn(schedule, 'type') || !isScheduleType(schedule['type'])) return [];
  return scheduleKind(schedule['type']).check(fieldView(schedule, pointer, failed), schedule);
}

/** `scheduleObjects`: indices of the pruners whose schedule is a `PruningSchedule` object, not a spec. */
export function configIssues(config: unknown, failed: Failed, scheduleObjects: ReadonlySet<number> = new Set()): ConfigIssue[] {
  if (!isRecord(config) || !Array.isArray(config['pruners'])) return [];
  const pruners: readonly unknown[] = config['pruners'];
  const issues = pruners.flatMap((pruner, i) =>
    !isRecord(pruner) ? []
      : scheduleObjects.has(i) ? prunerIssues(pruner, `/pruners/${i}`, failed, true)
      : [...scheduleIssues(pruner['schedule'], `/pruners/${i}/schedule`, failed), ...prunerIssues(pruner, `/pruners/${i}`, failed, false)],
  );
  return [...issues, ...duplicateNames(pruners, failed), ...targetIssues(config, failed, scheduleObjects)];
}

interface Name { value: string; explicit: boolean }

/**
 * Names identify pruners in logs and state, so they must be unique, default names included.
 * Each clash is reported at the later written name, pointing at the first holder.
 */
function duplicateNames(pruners: readonly unknown[], failed: Failed): ConfigIssue[] {
  const names = pruners.map((pruner, i): Name | undefined => {
    if (!isRecord(pruner)) return undefined;
    if (!Object.hasOwn(pruner, 'name')) return { value: `pruner-${i}`, explicit: false };
    const name = pruner['name'];
    return typeof name === 'string' && !failed(`/pruners/${i}/name`) ? { value: name, explicit: true } : undefined;
  });
  const issues: ConfigIssue[] = [];
  names.forEach((name, i) => {
    if (name?.explicit !== true) return;
    const holder = names.findIndex((other, j) => j !== i && other?.value === name.value && (j < i || !other.explicit));
    const other = names[holder];
    if (other === undefined) return;
    const clash = other.explicit
      ? `/pruners/${holder} has the same name`
      : `it is the default name of /pruners/${holder}`;
    issues.push({ pointer: `/pruners/${i}/name`, message: `must be unique, but ${clash} (got ${describeValue(name.value)})` });
  });
  return issues;
}
