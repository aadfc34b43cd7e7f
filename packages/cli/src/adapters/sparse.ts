/*
 * Everything the command line takes from @tfjs-prune/sparse, in one place.
 */
export { formatSparsifyReport, sparsify, type SparseModel } from '@tfjs-prune/sparse';
