import { createSchedule, lastUpdateEpoch, type ResolvedPruningConfig, scheduleUnit } from './adapters/schedules.js';
import { usageError } from './cli-error.js';

/** One pruner's target at one epoch, as the schedule says (no model involved). */
export interface ScheduleStep {
  readonly epoch: number;
  readonly pruner: string;
  /** At the end of the epoch, so a schedule counted in steps shows what the epoch reached. */
  readonly sparsity: number;
  /** Whether masks are recomputed at the start of this epoch (or, counted in steps, during it). */
  readonly update: boolean;
}

/**
 * A schedule counted in optimizer steps is shown per epoch of `stepsPerEpoch` steps (batches
 * per epoch: ceil(samples / batch size)). Without it there is no epoch to show it in.
 */
function requireStepsPerEpoch(config: ResolvedPruningConfig, file: string, stepsPerEpoch: number | undefined): void {
  if (stepsPerEpoch !== undefined) return;
  const index = config.pruners.findIndex((p) => scheduleUnit(p.schedule) === 'step');
  if (index === -1) return;
  throw usageError(
    `${file}: /pruners/${index}/schedule counts optimizer steps: pass --steps-per-epoch <n> ` +
      '(batches per epoch, ceil(samples / batch size)) to show it per epoch',
  );
}

/** The epoch holding the last update of `pruner`'s schedule. */
function lastUpdateInEpochs(schedule: ResolvedPruningConfig['pruners'][number]['schedule'], stepsPerEpoch: number | undefined): number {
  const last = lastUpdateEpoch(schedule);
  return scheduleUnit(schedule) === 'step' ? Math.floor(last / (stepsPerEpoch ?? 1)) : last;
}

/**
 * The epochs worth showing when the user gives no `--epochs`: through the last update of any
 * pruner, plus one to show that the sparsity then holds.
 */
export function defaultEpochs(config: ResolvedPruningConfig, stepsPerEpoch?: number): number {
  return Math.max(...config.pruners.map((p) => lastUpdateInEpochs(p.schedule, stepsPerEpoch))) + 2;
}

/** Every pruner's target sparsity and update flag for epochs 0 .. epochs-1. */
export function scheduleSteps(config: ResolvedPruningConfig, epochs: number, file = 'config', stepsPerEpoch?: number): ScheduleStep[] {
  requireStepsPerEpoch(config, file, stepsPerEpoch);
  const steps: ScheduleStep[] = [];
  for (const pruner of config.pruners) {
    const schedule = createSchedule(pruner.schedule);
    const perEpoch = scheduleUnit(pruner.schedule) === 'step' ? (stepsPerEpoch ?? 1) : undefined;
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (perEpoch === undefined) {
        steps.push({ epoch, pruner: pruner.name, sparsity: schedule.sparsityAt(epoch), update: schedule.updatesAt(epoch) });
        continue;
      }
      const first = epoch * perEpoch;
      const update = Array.from({ length: perEpoch }, (_, i) => first + i).some((step) => schedule.updatesAt(step));
      steps.push({ epoch, pruner: pruner.name, sparsity: schedule.sparsityAt(first + perEpoch - 1), update });
    }
  }
  return steps;
}
