/*
 * Everything the command line takes from @tfjs-prune/callbacks, in one place.
 */
export { PruningCallback } from '@tfjs-prune/callbacks';
export { selectBackend } from '@tfjs-prune/callbacks/backend';
export { checkpointDirectory, loadCheckpoint } from '@tfjs-prune/callbacks/node';
