export { exportModel, type ExportModelOptions } from './export-model.js';
export type { ExportedLayer, ExportedWeight, ExportReport } from './export-report.js';
export { fileSystem } from './file-system.js';
export { formatExportReport } from './format-export-report.js';
export { gzipSize } from './gzip-size.js';
export { ModelFileError } from './model-file-error.js';
export { syncDirectory, writeAndSync, writeFilesAtomic } from './atomic-write.js';
export { saveModelFiles } from './file-system.js';
