import type { ConfigIssue } from '../issues.js';
import type { FieldView } from '../field-view.js';
import { sparsityMustBe } from '../fixed-sparsity.js';
import type { BuiltInSchedule, ScheduleKind } from '../schedule-kind.js';
import { checkIndex, mixedUnitIssues, specUnit, type ScheduleUnit } from '../schedule-unit.js';

/**
 * Iterative pruning (Han et al. 2015; Frankle & Carbin 2019, "The Lottery Ticket Hypothesis"):
 * `rounds` updates, round k = 1..rounds at `start + (k - 1) * perRound`, in epochs (`startEpoch`,
 * `epochsPerRound`) or optimizer steps (`startStep`, `stepsPerRound`), each pruning the same
 * fraction of the weights that survived the previous round:
 *
 *     s_k = 1 - (1 - finalSparsity) ^ (k / rounds)
 *
 * Round `rounds` sets exactly finalSparsity.
 */
export interface IterativeEpochSpec {
  type: 'iterative';
  /** Sparsity after the last round. */
  finalSparsity: number;
  /** Number of pruning rounds (integer >= 1). */
  rounds: number;
  /** Epoch of the first round. Defaults to 0. */
  startEpoch?: number;
  /** Epochs between rounds (integer >= 1). Defaults to 1. */
  epochsPerRound?: number;
}

/** The same rounds, counted in optimizer steps since training began (across `fit` calls). */
export interface IterativeStepSpec {
  type: 'iterative';
  /** Sparsity after the last round. */
  finalSparsity: number;
  /** Number of pruning rounds (integer >= 1). */
  rounds: number;
  /** Optimizer step (0-based) before which round 1 runs. Defaults to 0. */
  startStep?: number;
  /** Optimizer steps between rounds (integer >= 1). */
  stepsPerRound: number;
}

export type IterativeSpec = IterativeEpochSpec | IterativeStepSpec;
export type ResolvedIterativeSpec = Required<IterativeEpochSpec> | Required<IterativeStepSpec>;

export const iterativeDefaults = { startEpoch: 0, epochsPerRound: 1, startStep: 0 } as const;

interface Rounds { readonly unit: ScheduleUnit; readonly start: number; readonly perRound: number }

function roundsOf(spec: ResolvedIterativeSpec): Rounds {
  return 'stepsPerRound' in spec
    ? { unit: 'step', start: spec.startStep, perRound: spec.stepsPerRound }
    : { unit: 'epoch', start: spec.startEpoch, perRound: spec.epochsPerRound };
}

function resolveIterative(spec: IterativeSpec): ResolvedIterativeSpec {
  const common = { type: 'iterative', finalSparsity: spec.finalSparsity, rounds: spec.rounds } as const;
  if (specUnit(spec) === 'step') {
    const s = spec as IterativeStepSpec;
    return { ...common, startStep: s.startStep ?? iterativeDefaults.startStep, stepsPerRound: s.stepsPerRound };
  }
  const e = spec as IterativeEpochSpec;
  return { ...common, startEpoch: e.startEpoch ?? iterativeDefaults.startEpoch, epochsPerRound: e.epochsPerRound ?? iterativeDefaults.epochsPerRound };
}

function iterativeLastUpdate(spec: ResolvedIterativeSpec): number {
  const { start, perRound } = roundsOf(spec);
  return start + (spec.rounds - 1) * perRound;
}

/** Steps have no natural "one per round", so a step schedule names its spacing. */
function checkIterative(fields: FieldView, spec: Readonly<Record<string, unknown>>): ConfigIssue[] {
  const mixed = mixedUnitIssues(spec, fields);
  if (mixed.length > 0) return mixed;
  if (specUnit(spec) === 'step' && !Object.hasOwn(spec, 'stepsPerRound')) {
    return [{ pointer: fields.pointer('').slice(0, -1), message: 'is missing required key "stepsPerRound" (a schedule counted in optimizer steps names the steps between rounds)' }];
  }
  return [];
}

/** Issues unless the schedule only ever asks for `sparsity`: one round, to exactly that. */
function checkIterativeFixed(fields: FieldView, sparsity: number, reason: string): ConfigIssue[] {
  const rounds = fields.number('rounds');
  return [
    ...(rounds !== undefined && rounds !== 1 ? [fields.issue('rounds', `must be 1 ${reason}`)] : []),
    ...sparsityMustBe(fields, 'finalSparsity', sparsity, reason),
  ];
}

function iterative(spec: ResolvedIterativeSpec): BuiltInSchedule<ResolvedIterativeSpec> {
  const { finalSparsity, rounds } = spec;
  const { unit, start, perRound } = roundsOf(spec);
  const lastUpdate = iterativeLastUpdate(spec);
  return {
    unit,
    sparsityAt(t) {
      checkIndex(t, unit);
      if (t < start) return 0;
      if (t >= lastUpdate) return finalSparsity;
      const round = Math.floor((t - start) / perRound) + 1;
      // 1 - (1 - f) can round to just above f; a round before the last must never overshoot.
      return Math.min(finalSparsity, 1 - (1 - finalSparsity) ** (round / rounds));
    },
    updatesAt(t) {
      checkIndex(t, unit);
      return t >= start && t <= lastUpdate && (t - start) % perRound === 0;
    },
    toJSON: () => ({ ...spec }),
  };
}

export const iterativeKind = {
  type: 'iterative',
  defaults: iterativeDefaults,
  resolve: resolveIterative,
  check: checkIterative,
  checkFixedSparsity: checkIterativeFixed,
  firstUpdate: (spec) => roundsOf(spec).start,
  lastUpdate: iterativeLastUpdate,
  create: iterative,
} as const satisfies ScheduleKind<IterativeSpec, ResolvedIterativeSpec>;
