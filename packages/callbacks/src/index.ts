export { type BoundPruner, bindPruners, PruningBindError } from './bind-pruners.js';
export {
  type CalibrationData,
  type PrunerState,
  type PruningCallbackArgs,
  PruningCallback,
  pruningCallback,
  type PruningState,
  type PruningStateInput,
} from './pruning-callback.js';
export * from './checkpoint/index.js';
export {
  type EpochEndEvent,
  type MaskUpdateEvent,
  type PruningEvents,
  PruningEventEmitter,
  type TrainEndEvent,
} from './pruning-events.js';
export { formatPruningReport, type PrunerReport, type PruningReport, type TargetReport } from './pruning-report.js';
export * from './backend/index.js';
