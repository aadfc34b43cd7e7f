export { PruningEngine, type PruningEngineArgs } from './engine/pruning-engine.js';
export type { CalibrationData } from './engine/calibration.js';
export { type PruningCallbackArgs, PruningCallback, pruningCallback } from './pruning-callback.js';
export type { PrunerAllocationState, PrunerLatencyState, PrunerState, PruningState, PruningStateInput } from './state/pruning-state.js';
export type { LatencyCandidate, LatencyChoice, LatencyTargetReport, SpeedupMeasurement } from './state/latency-records.js';
export type { SpeedupMeasurer } from './latency/speedup-measurement.js';
export { type BindIssue, PruningBindError } from './errors/pruning-bind-error.js';
export { PruningEngineError, type PruningEngineErrorCode } from './errors/pruning-engine-error.js';
export { TfjsCopyError } from './errors/tfjs-copy-error.js';
export { WrappedCallbackError } from './errors/wrapped-callback-error.js';
export { CheckpointError, type CheckpointErrorCode } from './checkpoint/checkpoint-error.js';
export type { CheckpointArgs } from './checkpoint/checkpoint-policy.js';
export type { CheckpointContents, CheckpointStore, CheckpointSummary, RestoredCheckpoint } from './checkpoint/checkpoint-store.js';
export { type LoadCheckpointOptions, type LoadedCheckpoint, loadCheckpointFrom } from './resume/load-checkpoint.js';
export type { EpochEndEvent, MaskUpdateEvent, PruningEvents, TrainEndEvent } from './pruning-events.js';
export type { BudgetReport } from './budget-records.js';
export {
  describeShortfall,
  formatPruningReport,
  type PrunerReport,
  type PruningReport,
  type ScheduleShortfall,
  type TargetReport,
} from './pruning-report.js';
