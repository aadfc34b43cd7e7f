import type { ConfigIssue } from './issues.js';
import type { PruningSchedule } from './schedule.js';
import { checkIterativeFixed, iterative, iterativeLastUpdate, resolveIterative } from './schedules/iterative.js';
import type { IterativeSpec, ResolvedIterativeSpec } from './schedules/iterative.js';
import { checkOneShotFixed, oneShot, resolveOneShot, type OneShotSpec, type ResolvedOneShotSpec } from './schedules/one-shot.js';
import { checkPolynomialDecay, checkPolynomialDecayFixed, polynomialDecay, resolvePolynomialDecay } from './schedules/polynomial-decay.js';
import type { PolynomialDecaySpec, ResolvedPolynomialDecaySpec } from './schedules/polynomial-decay.js';
import type { FieldView } from './validation/field-view.js';

/*
 * The one place that knows every schedule kind. Adding a kind is a file in `schedules/`, its
 * schema in `schema/`, and a case in each switch below (the compiler points at each one).
 */

/** A schedule as written in a config: optional fields may be omitted. */
export type ScheduleSpec = PolynomialDecaySpec | OneShotSpec | IterativeSpec;

/** A schedule with every default filled in, as `toJSON()` returns it. */
export type ResolvedScheduleSpec = ResolvedPolynomialDecaySpec | ResolvedOneShotSpec | ResolvedIterativeSpec;

export type ScheduleType = ScheduleSpec['type'];

const scheduleTypes: Record<ScheduleType, true> = { 'polynomial-decay': true, 'one-shot': true, iterative: true };

export function isScheduleType(value: unknown): value is ScheduleType {
  return typeof value === 'string' && Object.hasOwn(scheduleTypes, value);
}

/** Fills defaults, copying known keys only so nothing else in the input can reach the result. */
export function resolveSchedule(spec: ScheduleSpec): ResolvedScheduleSpec {
  switch (spec.type) {
    case 'polynomial-decay': return resolvePolynomialDecay(spec);
    case 'one-shot': return resolveOneShot(spec);
    case 'iterative': return resolveIterative(spec);
  }
}

/** Builds the schedule of an already validated and resolved spec. */
export function scheduleOf(spec: ResolvedScheduleSpec): PruningSchedule {
  switch (spec.type) {
    case 'polynomial-decay': return polynomialDecay(spec);
    case 'one-shot': return oneShot(spec);
    case 'iterative': return iterative(spec);
  }
}

/**
 * The epoch of the first mask update: before it the model is dense (and a gradient criterion has
 * seen no gradients). Accepts a spec with or without defaults.
 */
export function firstUpdateEpoch(spec: ScheduleSpec): number {
  const resolved = resolveSchedule(spec);
  switch (resolved.type) {
    case 'polynomial-decay': return resolved.startEpoch;
    case 'one-shot': return resolved.epoch;
    case 'iterative': return resolved.startEpoch;
  }
}

/**
 * The epoch of the last mask update: from here on the masks are frozen and the sparsity is the
 * schedule's final one. Accepts a spec with or without defaults.
 */
export function lastUpdateEpoch(spec: ScheduleSpec): number {
  const resolved = resolveSchedule(spec);
  switch (resolved.type) {
    case 'polynomial-decay': return resolved.endEpoch;
    case 'one-shot': return resolved.epoch;
    case 'iterative': return iterativeLastUpdate(resolved);
  }
}

/** Cross-field rules of a kind, run after its schema branch (on whatever passed). */
export function checkSchedule(type: ScheduleType, fields: FieldView): ConfigIssue[] {
  switch (type) {
    case 'polynomial-decay': return checkPolynomialDecay(fields);
    case 'one-shot': return [];
    case 'iterative': return [];
  }
}

/**
 * Issues for every field that lets the schedule ask for another sparsity than `sparsity` (an n:m
 * granularity can only prune 1 - n/m). Each message is "must be <value> `reason`".
 */
export function checkFixedSparsity(type: ScheduleType, fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  switch (type) {
    case 'polynomial-decay': return checkPolynomialDecayFixed(fields, sparsity, reason);
    case 'one-shot': return checkOneShotFixed(fields, sparsity, reason);
    case 'iterative': return checkIterativeFixed(fields, sparsity, reason);
  }
}
