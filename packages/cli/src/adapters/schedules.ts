/*
 * Everything the command line takes from @tfjs-prune/schedules, in one place: when the config
 * loader moves (to `@tfjs-prune/schedules/node`), only these import paths change.
 */
export {
  createSchedule,
  lastUpdateEpoch,
  loadConfig,
  PruningConfigError,
  type ConfigIssue,
  type PruningSchedule,
  type ResolvedPruningConfig,
} from '@tfjs-prune/schedules';
