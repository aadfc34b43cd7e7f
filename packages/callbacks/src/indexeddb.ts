// `@tfjs-prune/callbacks/indexeddb`: checkpoints in a page's IndexedDB. A subpath of its own, as
// `./node` is for directories: a page that keeps no checkpoints adds none of this to its bundle.
export { type IndexedDbCheckpointOptions, type IndexedDbCheckpointStore, indexedDbCheckpoints } from './checkpoint/indexeddb/indexeddb-store.js';
