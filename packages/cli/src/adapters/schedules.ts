/*
 * Everything the command line takes from @tfjs-prune/schedules, in one place.
 */
export {
  createSchedule,
  lastUpdateEpoch,
  PruningConfigError,
  type ConfigIssue,
  type PruningConfigInput,
  type PruningSchedule,
  type ResolvedPruningConfig,
  scheduleUnit,
  validateConfig,
} from '@tfjs-prune/schedules';
export { loadConfig, readConfigFile } from '@tfjs-prune/schedules/node';
