/*
 * Everything the command line takes from @tfjs-prune/callbacks, in one place.
 */
export { PruningCallback, selectBackend } from '@tfjs-prune/callbacks';
export { checkpointDirectory, fitProgress, loadCheckpoint } from '@tfjs-prune/callbacks/node';
