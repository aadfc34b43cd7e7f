/*
 * Everything the command line takes from @tfjs-prune/callbacks, in one place: when file-based
 * pieces move (to `@tfjs-prune/callbacks/node`), only these import paths change.
 */
export { loadCheckpoint, PruningCallback, selectBackend } from '@tfjs-prune/callbacks';
