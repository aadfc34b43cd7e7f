/*
 * Everything the command line takes from @tfjs-prune/callbacks, in one place.
 */
// The CLI runs in Node, where size does not matter: configs with a `target` always work.
import '@tfjs-prune/callbacks/budget';

export { describeShortfall, PruningCallback } from '@tfjs-prune/callbacks';
export { selectBackend } from '@tfjs-prune/callbacks/backend';
export { checkpointDirectory, fitProgress, loadCheckpoint } from '@tfjs-prune/callbacks/node';
