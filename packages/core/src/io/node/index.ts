export { syncDirectory, writeAndSync, writeFilesAtomic } from './atomic-write.js';
export { exportModel } from './export-model.js';
export { fileSystem, saveModelFiles } from './file-system.js';
export { gzipSizeSync } from './gzip-size-sync.js';
