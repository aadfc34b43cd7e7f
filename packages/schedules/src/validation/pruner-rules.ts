import { prunerDefaults, type GranularitySpec } from '../config-types.js';
import { checkGranularity, resolveGranularity } from '../granularity.js';
import type { ConfigIssue } from '../issues.js';
import { fieldView, type FieldView } from '../field-view.js';
import { iterativeDefaults } from '../kinds/iterative.js';
import { isScheduleType, scheduleKind } from '../schedule-kinds.js';
import { specUnit } from '../schedule-unit.js';
import type { Failed } from './check.js';
import { isRecord } from '../is-record.js';

/*
 * Rules relating a pruner's fields. A field that only means something under a condition may
 * always hold its neutral default (so a resolved config validates as it is); any other value
 * without the condition is an error, because it would be silently ignored.
 */

interface Dependency { key: 'seed' | 'normalize' | 'maxLayerSparsity'; on: 'criterion' | 'scope'; wanted: string }

const dependencies: readonly Dependency[] = [
  { key: 'seed', on: 'criterion', wanted: 'random' },
  { key: 'normalize', on: 'scope', wanted: 'global' },
  { key: 'maxLayerSparsity', on: 'scope', wanted: 'global' },
];

/**
 * `scheduleObject`: the schedule is a `PruningSchedule` object given in code, which cannot be
 * inspected, so rules that depend on what the schedule asks for refuse it rather than guess.
 */
export function prunerIssues(pruner: Readonly<Record<string, unknown>>, pointer: string, failed: Failed, scheduleObject: boolean): ConfigIssue[] {
  const fields = fieldView(pruner, pointer, failed);
  const schedule = scheduleObject ? undefined : pruner['schedule'];
  return [
    ...dependencies.flatMap((rule) => dependencyIssues(fields, rule)),
    ...granularityIssues(pruner['granularity'], `${pointer}/granularity`, failed),
    ...channelCriterionIssues(fields),
    ...nmScheduleIssues(fields, schedule, `${pointer}/schedule`, failed),
    ...regularizationIssues(fields, failed),
    ...rewindIssues(fields, schedule, `${pointer}/schedule`, failed),
  ];
}

function dependencyIssues(fields: FieldView, { key, on, wanted }: Dependency): ConfigIssue[] {
  const value = fields.value(key);
  if (value === undefined || value === prunerDefaults[key]) return [];
  const actual = fields.value(on, prunerDefaults[on]);
  if (actual === undefined || actual === wanted) return [];
  return [fields.issue(key, `needs ${on} ${quote(wanted)}, but ${on} is ${quote(actual)}`)];
}

function granularityIssues(granularity: unknown, pointer: string, failed: Failed): ConfigIssue[] {
  return isRecord(granularity) ? checkGranularity(granularity['type'], fieldView(granularity, pointer, failed)) : [];
}

/** "bn-scale" scores channels by their BatchNormalization's γ, which single weights or blocks do not have. */
function channelCriterionIssues(fields: FieldView): ConfigIssue[] {
  if (fields.value('criterion') !== 'bn-scale') return [];
  const granularity = validGranularity(fields);
  if (granularity === undefined || granularity.type === 'structured') return [];
  return [fields.issue('criterion', `needs granularity "structured", but granularity is ${quote(granularity.type)}`)];
}

/** An n:m granularity prunes exactly 1 - n/m, so the schedule may ask for nothing else. */
/** `schedule` is undefined when it is a schedule object. */
function nmScheduleIssues(fields: FieldView, schedule: unknown, pointer: string, failed: Failed): ConfigIssue[] {
  const granularity = validGranularity(fields);
  if (granularity?.type !== 'n:m' || granularity.n >= granularity.m) return [];
  const { n, m } = granularity;
  const reason = `with ${n}:${m} granularity, which always prunes 1 - n/m`;
  if (schedule === undefined) return [{ pointer, message: `must be a schedule spec, not a PruningSchedule object, ${reason}` }];
  if (!isRecord(schedule) || !isScheduleType(schedule['type'])) return [];
  return scheduleKind(schedule['type']).checkFixedSparsity(fieldView(schedule, pointer, failed), 1 - n / m, reason);
}

/** Group lasso shrinks whole groups; unstructured granularity has none beyond single weights. */
function regularizationIssues(fields: FieldView, failed: Failed): ConfigIssue[] {
  const regularization = fields.value('regularization');
  if (!isRecord(regularization) || regularization['type'] !== 'group-l1') return [];
  if (validGranularity(fields)?.type !== 'unstructured') return [];
  const view = fieldView(regularization, fields.pointer('regularization'), failed);
  return [view.issue('type', 'must be "l1" or "l2" when granularity is "unstructured", which has no groups for "group-l1"')];
}

/** Rewinding happens after each round, to a point before the first round. */
function rewindIssues(fields: FieldView, schedule: unknown, pointer: string, failed: Failed): ConfigIssue[] {
  const rewind = fields.value('rewind');
  if (rewind === undefined || rewind === prunerDefaults.rewind) return [];
  if (schedule === undefined) return [fields.issue('rewind', 'needs an "iterative" schedule, but the schedule is a PruningSchedule object')];
  if (!isRecord(schedule) || !isScheduleType(schedule['type'])) return [];
  if (schedule['type'] !== 'iterative') {
    return [fields.issue('rewind', `needs an "iterative" schedule, but the schedule is ${quote(schedule['type'])}`)];
  }
  if (!isRecord(rewind)) return [];
  if (specUnit(schedule) === 'step') {
    const view = fieldView(rewind, fields.pointer('rewind'), failed);
    return [view.issue('epoch', 'cannot be checked against a schedule counted in optimizer steps: use rewind "init", or count the schedule in epochs')];
  }
  const start = fieldView(schedule, pointer, failed).number('startEpoch', iterativeDefaults.startEpoch);
  const epoch = rewind['epoch'];
  if (start === undefined || typeof epoch !== 'number' || epoch < start) return [];
  const view = fieldView(rewind, fields.pointer('rewind'), failed);
  return [view.issue('epoch', `must be < the schedule's startEpoch, which is ${start}`)];
}

/** The pruner's granularity, resolved, if it passed the schema (the default if absent). */
function validGranularity(fields: FieldView) {
  const granularity = fields.value('granularity', prunerDefaults.granularity);
  return granularity === undefined ? undefined : resolveGranularity(granularity as GranularitySpec);
}

const quote = (value: unknown): string => JSON.stringify(value);
