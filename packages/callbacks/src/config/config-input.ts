import type { PrunerConfig, PruningConfig, PruningSchedule, ScheduleSpec } from '@tfjs-prune/schedules';

/**
 * A config as code may write it: a pruner's `schedule` is a spec or a `PruningSchedule` object.
 * h9-schedules exports this shape as `PruningConfigInput`; switch to it when it lands.
 */
export interface PruningConfigInput extends Omit<PruningConfig, 'pruners'> {
  pruners: (Omit<PrunerConfig, 'schedule'> & { schedule: ScheduleSpec | PruningSchedule })[];
}
