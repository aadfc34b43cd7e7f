import { createSchedule, lastUpdateEpoch, type ResolvedPruningConfig } from './adapters/schedules.js';

/** One pruner's target at one epoch, as the schedule says (no model involved). */
export interface ScheduleStep {
  readonly epoch: number;
  readonly pruner: string;
  readonly sparsity: number;
  /** Whether masks are recomputed at the start of this epoch. */
  readonly update: boolean;
}

/**
 * The epochs worth showing when the user gives no `--epochs`: through the last update of any
 * pruner, plus one to show that the sparsity then holds.
 */
export function defaultEpochs(config: ResolvedPruningConfig): number {
  return Math.max(...config.pruners.map((p) => lastUpdateEpoch(p.schedule))) + 2;
}

/** Every pruner's target sparsity and update flag for epochs 0 .. epochs-1. */
export function scheduleSteps(config: ResolvedPruningConfig, epochs: number): ScheduleStep[] {
  const steps: ScheduleStep[] = [];
  for (const pruner of config.pruners) {
    const schedule = createSchedule(pruner.schedule);
    for (let epoch = 0; epoch < epochs; epoch++) {
      steps.push({ epoch, pruner: pruner.name, sparsity: schedule.sparsityAt(epoch), update: schedule.updatesAt(epoch) });
    }
  }
  return steps;
}
