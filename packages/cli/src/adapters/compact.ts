/*
 * Everything the command line takes from @tfjs-prune/compact, in one place.
 */
export { compact, formatCompactionReport, type CompactionReport, type CompactResult } from '@tfjs-prune/compact';
