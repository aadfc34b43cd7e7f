// What a user of @tfjs-prune/schedules calls; the engine's helpers are in ./internal.ts
// (`@tfjs-prune/schedules/internal`), for @tfjs-prune/callbacks only and outside semver.
export { isPruningSchedule, type PruningSchedule } from './schedule.js';
export type { ScheduleUnit } from './schedule-unit.js';
export type { ResolvedScheduleSpec, ScheduleSpec, ScheduleType } from './schedule-kinds.js';
export type { ResolvedSchedule, ScheduleInput } from './schedule-spec.js';
export { firstUpdateEpoch, lastUpdateEpoch, scheduleUnit } from './schedule-spec.js';
export type {
  PolynomialDecayEpochSpec, PolynomialDecaySpec, PolynomialDecayStepSpec, ResolvedPolynomialDecaySpec,
} from './kinds/polynomial-decay.js';
export type { OneShotEpochSpec, OneShotSpec, OneShotStepSpec, ResolvedOneShotSpec } from './kinds/one-shot.js';
export type { IterativeEpochSpec, IterativeSpec, IterativeStepSpec, ResolvedIterativeSpec } from './kinds/iterative.js';
export { createSchedule } from './create-schedule.js';
export type {
  BudgetConfig,
  CriterionName,
  GranularitySpec,
  LayerSelector,
  PrunerConfig,
  PrunerConfigInput,
  PruningConfig,
  PruningConfigInput,
  PruningScope,
  RegularizationSpec,
  ResolvedGranularity,
  ResolvedPrunerConfig,
  ResolvedPruningConfig,
  RewindSpec,
  ScheduleTiming,
  SparsityConfig,
  TargetedPrunerConfig,
} from './config-types.js';
export { budgetMetrics, type BudgetMetric, type BudgetTarget, type LatencyTarget, type ResolvedBudgetTarget } from './config-types.js';
export { blockNorms, criterionNames, gradientCriteria, granularityTypes, prunableLayerClasses, structuredNorms } from './config-types.js';
export type { ConfigIssue } from './issues.js';
export { PruningConfigError, type PruningConfigErrorCode } from './config-error.js';
export { validateConfig, type ValidateConfigOptions } from './validate-config.js';
export { parseConfigText } from './parse-config.js';
export { configSchema } from './schema.js';
