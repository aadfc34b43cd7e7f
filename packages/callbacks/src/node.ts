// `@tfjs-prune/callbacks/node`: the pieces that need Node's file system. The main entry never
// imports this file, so it bundles for a browser. Node pays nothing for size: budget targets
// are enabled here for every Node program that loads this entry.
import './budget.js';

export { checkpointDirectory, type CheckpointDirectoryOptions } from './checkpoint/directory/directory-store.js';
export { loadCheckpoint } from './node/load-checkpoint.js';
export { pruningCallbackFromFile } from './node/from-file.js';
export { FitProgress, type FitProgressArgs, fitProgress, type ProgressStream } from './progress/fit-progress.js';
export { type EpochRecord, type MaskUpdateRecord, PruningLog, type PruningLogRecord, pruningLog } from './progress/pruning-log.js';
export type { PruningSource } from './progress/pruning-source.js';
