// `@tfjs-prune/callbacks/backend`: choosing and loading a tfjs backend, in Node and in a page.
// Not pruning, so not in the main entry: a page that sets its backend itself loads none of it
// (about 1.8 KiB of the main entry's gzipped weight).
export * from './backend/index.js';
