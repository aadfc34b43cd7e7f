import type * as tfl from '@tensorflow/tfjs-layers';
import path from 'node:path';
import type { ExportModelOptions } from '../export-model.js';
import type { ExportReport } from '../export-report.js';
import { MODEL_JSON, WEIGHTS_BIN } from '../layout.js';
import type { ExportDestination } from '../save-destination.js';
import { checkQuantize, exportToHandler, writeExport } from '../write-export.js';
import { fileSystem } from './file-system.js';
import { gzipSizeSync } from './gzip-size-sync.js';

const FILE_SCHEME = 'file://';

/** A URL with a scheme (`indexeddb://`, `https://`, `file://`, ...) rather than a directory. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `@tfjs-prune/core`'s exportModel for Node: the same function, which also takes a directory
 * (`dist/model`, or `file://dist/model` as tfjs-node spells it; written atomically through
 * fileSystem(), no tfjs-node needed) and measures gzip with zlib.
 *
 * @example
 * const report = await exportModel(model, 'dist/model', { quantize: 'uint8' });
 * console.log(formatExportReport(report));
 */
export async function exportModel(
  model: tfl.LayersModel,
  destination: ExportDestination,
  options: ExportModelOptions = {},
): Promise<ExportReport> {
  const quantize = checkQuantize(options.quantize);
  const gzipSize = options.gzipSize ?? gzipSizeSync;
  // `file://dir` is tfjs-node's spelling of a directory (the rest of the string is the path).
  const directory = typeof destination !== 'string' ? undefined : destination.startsWith(FILE_SCHEME) ? destination.slice(FILE_SCHEME.length) : URL_SCHEME.test(destination) ? undefined : destination;
  if (directory !== undefined) {
    const files = [path.join(directory, MODEL_JSON), path.join(directory, WEIGHTS_BIN)];
    return writeExport(model, fileSystem(directory), { destination: directory, files }, quantize, gzipSize);
  }
  return exportToHandler(model, destination, quantize, gzipSize);
}
