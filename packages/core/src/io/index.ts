export { ExportError, type ExportErrorCode } from './export-error.js';
export { exportModel, type ExportModelOptions } from './export-model.js';
export type { ExportedLayer, ExportedWeight, ExportReport } from './export-report.js';
export { formatExportReport } from './format-export-report.js';
export { type GzipSizer, gzipSize } from './gzip-size.js';
export { ModelFileError } from './model-file-error.js';
export type { ExportDestination } from './save-destination.js';
export { saveToMemory } from './save-to-memory.js';
