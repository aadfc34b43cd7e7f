/*
 * Everything the command line takes from @tfjs-prune/callbacks, in one place.
 */
export { describeShortfall, PruningCallback } from '@tfjs-prune/callbacks';
export { selectBackend } from '@tfjs-prune/callbacks/backend';
export { checkpointDirectory, fitProgress, loadCheckpoint } from '@tfjs-prune/callbacks/node';
