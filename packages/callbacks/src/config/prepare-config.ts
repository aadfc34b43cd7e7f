import { criterionNeedsGradients } from '@tfjs-prune/core';
import { prunableLayerClasses } from '@tfjs-prune/core/internal';
import {
  createSchedule,
  firstUpdateEpoch,
  isPruningSchedule,
  lastUpdateEpoch,
  PruningConfigError,
  type PruningSchedule,
  type ResolvedPruningConfig,
  type ScheduleUnit,
  scheduleUnit,
  validateConfig,
} from '@tfjs-prune/schedules';
import { unitOf, withProgressStandIn } from '@tfjs-prune/schedules/internal';

import { budgetAllocator, NEEDS_BUDGET_ENTRY } from '../engine/budget-allocator.js';
import { recordOf } from './schedule-record.js';

/** A pruner's schedule, built once, with the two epochs the engine plans around. */
export interface PreparedSchedule {
  readonly schedule: PruningSchedule;
  /** What the schedule counts: epochs (masks updated at an epoch's start) or optimizer steps. */
  readonly unit: ScheduleUnit;
  /**
   * Whether masks are first computed before any training step. Never for a step schedule: its
   * update at step s runs inside step s, after that step's gradients are accumulated.
   */
  readonly updatesBeforeTraining: boolean;
  /** The last mask update, in `unit`; Infinity for a hand-written schedule (it may update at any time). */
  readonly lastUpdate: number;
}

export interface PreparedConfig {
  /** The validated config with defaults, as checkpoints record it. */
  readonly resolved: ResolvedPruningConfig;
  /** One per pruner, in order. */
  readonly schedules: readonly PreparedSchedule[];
}

export interface PrepareOptions {
  /** Name shown in error messages (`<source>: /pruners/0/...`). */
  readonly source: string;
  /** Gradient criteria may update before the first step only when calibration data is given. */
  readonly hasCalibrationData: boolean;
}

/**
 * The config preflight: validation (pointer errors for any input), schedule objects accepted
 * where a spec is, and the checks that need a whole pruner to see. Everything the engine needs
 * from the config leaves here; nothing reads the raw config again.
 */
export function prepareConfig(config: unknown, { source, hasCalibrationData }: PrepareOptions): PreparedConfig {
  // Layer classes a user registered with core are as selectable by class as the built-in ones.
  const validated = validateConfig(config, { source, layerClasses: prunableLayerClasses() });
  // The budget entry registers the allocator and the latency search together.
  if (validated.target !== undefined && budgetAllocator() === undefined) {
    throw new PruningConfigError(source, [{ pointer: '/target', message: NEEDS_BUDGET_ENTRY }]);
  }
  const schedules: PreparedSchedule[] = [];
  const pruners = validated.pruners.map((pruner) => {
    const { schedule } = pruner;
    if (!isPruningSchedule(schedule)) {
      // Under a budget target the structured pruner's schedule gives only timing (see budgetAt).
      const targeted = validated.target !== undefined && pruner.granularity.type === 'structured';
      const unit = scheduleUnit(schedule);
      schedules.push({
        schedule: createSchedule(targeted ? withProgressStandIn(schedule) : schedule),
        unit,
        updatesBeforeTraining: unit === 'epoch' && firstUpdateEpoch(schedule) === 0,
        lastUpdate: lastUpdateEpoch(schedule),
      });
      return pruner;
    }
    const unit = unitOf(schedule);
    schedules.push({ schedule, unit, updatesBeforeTraining: unit === 'epoch' && schedule.updatesAt(0), lastUpdate: Number.POSITIVE_INFINITY });
    // Checkpoints and reports record plain data, never the object itself.
    return { ...pruner, schedule: recordOf(schedule) };
  });
  const resolved: ResolvedPruningConfig = validated.target === undefined ? { pruners } : { target: validated.target, pruners };
  if (!hasCalibrationData) checkGradientCriteriaHaveGradients(resolved, schedules, source);
  return { resolved, schedules };
}

/**
 * A gradient criterion needs gradients, which only exist once the optimizer has taken a step:
 * a first mask update at epoch 0 (before any step) would rank weights by zeros. Reported as a
 * config error, all offending pruners at once, unless calibration data was passed.
 */
function checkGradientCriteriaHaveGradients(config: ResolvedPruningConfig, schedules: readonly PreparedSchedule[], source: string): void {
  const issues = config.pruners.flatMap((pruner, i) =>
    criterionNeedsGradients(pruner.criterion) && schedules[i]?.updatesBeforeTraining === true
      ? [
          {
            pointer: `/pruners/${i}/criterion`,
            message:
              `"${pruner.criterion}" scores weights by their gradients, but the schedule's first mask update is at epoch 0, ` +
              'before any training step has produced one: start the schedule at epoch 1 or later, or pass ' +
              'calibrationData to the PruningCallback to score on one batch (SNIP)',
          },
        ]
      : [],
  );
  if (issues.length > 0) throw new PruningConfigError(source, issues);
}
