export { sparsify } from './sparsify.js';
export { SparseModel } from './sparse-model.js';
export { DEFAULT_MIN_SPARSITY, type SparseFormat, type SparsifyOptions } from './options.js';
export { formatSparsifyReport, type LayerSparsity, type SparsifyReport } from './sparsify-report.js';
export { SparsifyError, type SparsifyErrorCode } from './sparsify-error.js';
