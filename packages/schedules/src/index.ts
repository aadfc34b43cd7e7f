export type { PruningSchedule } from './schedule.js';
export type { ResolvedScheduleSpec, ScheduleSpec, ScheduleType } from './schedule-spec.js';
export { firstUpdateEpoch, lastUpdateEpoch } from './schedule-spec.js';
export type { PolynomialDecaySpec, ResolvedPolynomialDecaySpec } from './schedules/polynomial-decay.js';
export type { OneShotSpec, ResolvedOneShotSpec } from './schedules/one-shot.js';
export type { IterativeSpec, ResolvedIterativeSpec } from './schedules/iterative.js';
export { createSchedule } from './create-schedule.js';
export type {
  CriterionName,
  GranularitySpec,
  LayerSelector,
  PrunerConfig,
  PruningConfig,
  PruningScope,
  RegularizationSpec,
  ResolvedGranularity,
  ResolvedPrunerConfig,
  ResolvedPruningConfig,
  RewindSpec,
} from './config-types.js';
export { gradientCriteria, prunableLayerClasses } from './config-types.js';
export type { ConfigIssue } from './issues.js';
export { PruningConfigError, type PruningConfigErrorOptions } from './config-error.js';
export { validateConfig } from './validate-config.js';
export { parseConfigText } from './parse-config.js';
export { loadConfig } from './load-config.js';
export { configSchema } from './schema.js';
