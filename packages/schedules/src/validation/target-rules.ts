import { targetedPruners } from '../budget-target.js';
import { prunerDefaults, targetedSparsityKeys } from '../config-types.js';
import { describeValue, type ConfigIssue } from '../issues.js';
import { specUnit } from '../schedule-unit.js';
import type { Failed } from './check.js';

/*
 * What a budget `target` asks of the pruners: one structured pruner, whose schedule gives only
 * the timing. A sparsity written there as well would contradict the target, and two structured
 * pruners would have to split one budget between two schedules. A latency target is measured
 * between epochs, so its schedule counts epochs.
 */

export function targetIssues(config: Readonly<Record<string, unknown>>, failed: Failed, scheduleObjects: ReadonlySet<number>): ConfigIssue[] {
  const target = config['target'];
  if (target === undefined || failed('/target')) return [];
  const pruners = Array.isArray(config['pruners']) ? (config['pruners'] as unknown[]) : [];
  const targeted = targetedPruners(pruners);
  const got = `(got ${describeValue(target)})`;
  if (targeted.length === 0) {
    return [{ pointer: '/target', message: `needs a pruner with granularity "structured": only removing channels changes the compacted model's MACs and parameters ${got}` }];
  }
  if (targeted.length > 1) {
    return [{ pointer: '/target', message: `needs exactly one pruner with granularity "structured", but ${targeted.map((i) => `/pruners/${i}`).join(', ')} have it ${got}` }];
  }
  const index = targeted[0] as number;
  const pruner = pruners[index] as Readonly<Record<string, unknown>>;
  const pointer = `/pruners/${index}`;
  if (scheduleObjects.has(index)) {
    return [{ pointer: `${pointer}/schedule`, message: 'must be a schedule spec, not a PruningSchedule object, when the config has a "target" (the target needs the schedule\'s timing)' }];
  }
  const issues: ConfigIssue[] = [];
  const schedule = pruner['schedule'];
  if (typeof schedule === 'object' && schedule !== null) {
    for (const key of targetedSparsityKeys) {
      if (!Object.hasOwn(schedule, key)) continue;
      issues.push({
        pointer: `${pointer}/schedule/${key}`,
        message: `must be left out when the config has a "target": the target decides how much this pruner prunes (got ${describeValue((schedule as Record<string, unknown>)[key])})`,
      });
    }
  }
  const latency = typeof target === 'object' && target !== null && Object.hasOwn(target, 'latency');
  if (latency && typeof schedule === 'object' && schedule !== null && specUnit(schedule) === 'step') {
    // A step's mask update runs inside the optimizer step, which cannot wait for a measurement.
    issues.push({
      pointer: `${pointer}/schedule`,
      message: `must count epochs under a latency target, which is measured between epochs (got ${describeValue(schedule)})`,
    });
  }
  for (const key of ['scope', 'normalize', 'maxLayerSparsity'] as const) {
    // The neutral defaults may stay, so that a resolved config validates as it is.
    if (!Object.hasOwn(pruner, key) || pruner[key] === prunerDefaults[key]) continue;
    issues.push({
      pointer: `${pointer}/${key}`,
      message: `must be left out when the config has a "target": the target sets every channel family's width (got ${describeValue(pruner[key])})`,
    });
  }
  return issues;
}
