export { CheckpointError } from './checkpoint-error.js';
export { type CheckpointArgs, CheckpointWriter, type PruningStateSource } from './checkpoint-writer.js';
export { type CheckpointManifest, type PrunerProgress } from './checkpoint-format.js';
export { type LoadCheckpointOptions, type LoadedCheckpoint, loadCheckpoint } from './load-checkpoint.js';
export { readVerifiedCheckpoint } from './read-checkpoint.js';
export { type CheckpointContents, writeCheckpoint } from './write-checkpoint.js';
