export { compactPruned } from './compact-pruned.js';
export type { CompactOptions, CompactResult } from '@tfjs-prune/compact';
