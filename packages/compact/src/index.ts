export { compact, type CompactOptions, type CompactResult } from './compact.js';
export { CompactionError, type CompactionErrorCode } from './compaction-error.js';
export { type CompactionReport, formatCompactionReport, type LayerResize } from './compaction-report.js';
export type { BiasFold, KeptChannel } from './removal-plan.js';
export { type BatchNormFold, type BatchNormFoldReport, type BatchNormLeftAlone, foldBatchNorm } from './fold-batch-norm.js';
