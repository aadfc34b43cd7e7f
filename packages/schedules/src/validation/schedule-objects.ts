import { type ConfigIssue, describeValue } from '../issues.js';
import { looksLikeScheduleObject, missingScheduleMethods, pruningScheduleMethods } from '../schedule.js';
import { isRecord } from '../is-record.js';

/*
 * A config written in code may give a pruner's schedule as a `PruningSchedule` object. Such an
 * object is checked for its methods only, then hidden from the JSON Schema (which would read its
 * fields as a spec) behind a placeholder spec, and handed on untouched.
 */

/** A spec every schema branch accepts, standing in for a schedule object during schema checks. */
const placeholder = Object.freeze({ type: 'one-shot', sparsity: 0 });
const methodList = `${pruningScheduleMethods.slice(0, -1).join(', ')} and ${pruningScheduleMethods.at(-1) ?? ''}`;

/** An issue per method a would-be schedule object lacks. */
export function scheduleObjectIssues(value: object, pointer: string): ConfigIssue[] {
  const issues = missingScheduleMethods(value).map((name) => ({
    pointer,
    message: `is missing method "${name}": a PruningSchedule object has ${methodList}`,
  }));
  // A misspelt unit would silently count epochs where the author meant steps.
  const unit = (value as { unit?: unknown }).unit;
  if (unit !== undefined && unit !== 'epoch' && unit !== 'step') {
    issues.push({ pointer: `${pointer}/unit`, message: `must be "epoch" or "step" (got ${describeValue(unit)})` });
  }
  return issues;
}

export interface SeparatedConfig {
  /** The config with each schedule object replaced by a placeholder spec; `value` itself if it holds none. */
  readonly json: unknown;
  /** Indices of the pruners whose schedule is an object. */
  readonly scheduleObjects: ReadonlySet<number>;
  readonly issues: readonly ConfigIssue[];
}

export function separateScheduleObjects(value: unknown): SeparatedConfig {
  const pruners = isRecord(value) && Array.isArray(value['pruners']) ? (value['pruners'] as readonly unknown[]) : [];
  const scheduleObjects = new Set<number>();
  const issues: ConfigIssue[] = [];
  pruners.forEach((pruner, i) => {
    const schedule = isRecord(pruner) && Object.hasOwn(pruner, 'schedule') ? pruner['schedule'] : undefined;
    if (!looksLikeScheduleObject(schedule)) return;
    scheduleObjects.add(i);
    issues.push(...scheduleObjectIssues(schedule as object, `/pruners/${i}/schedule`));
  });
  if (scheduleObjects.size === 0) return { json: value, scheduleObjects, issues };
  const json = {
    ...(value as Record<string, unknown>),
    pruners: pruners.map((pruner, i) => (scheduleObjects.has(i) ? { ...(pruner as object), schedule: placeholder } : pruner)),
  };
  return { json, scheduleObjects, issues };
}
