/*
 * Everything the command line takes from @tfjs-prune/callbacks, in one place.
 */
export { describeShortfall, PruningCallback, selectBackend } from '@tfjs-prune/callbacks';
export { checkpointDirectory, loadCheckpoint } from '@tfjs-prune/callbacks/node';
