import type * as tfl from '@tensorflow/tfjs-layers';
import type { ExportReport } from './export-report.js';
import { type GzipSizer, gzipSize } from './gzip-size.js';
import type { ExportDestination } from './save-destination.js';
import { checkQuantize, exportToHandler } from './write-export.js';

export interface ExportModelOptions {
  /**
   * Store float32 weights in fewer bits, in the form stock `tf.loadLayersModel` dequantizes:
   * 'float16' halves the size (about 3 significant digits); 'uint8' quarters it (256 levels
   * per weight, pruned zeros kept exactly 0). Defaults to no quantization.
   */
  readonly quantize?: 'float16' | 'uint8';
  /**
   * How gzip sizes in the report are measured. Defaults to `CompressionStream` (browsers and
   * Node); `@tfjs-prune/core/node`'s exportModel uses zlib, which gives the same numbers faster.
   */
  readonly gzipSize?: GzipSizer;
}

/**
 * Saves what users ship, the standard model.json + weights.bin that stock tfjs loads, through
 * any tfjs IO handler or URL (`indexeddb://`, `localstorage://`, `downloads://`, `https://`),
 * optionally quantized in memory on the way, and returns how much pruning and quantization saved
 * (`formatExportReport` turns the report into a table). Pruned weights are already zero in the
 * model, so no masks are involved here. In Node, `@tfjs-prune/core/node` exports the same
 * function that also takes a directory.
 *
 * @example
 * const report = await exportModel(model, 'downloads://pruned', { quantize: 'uint8' });
 * // later, anywhere: await tf.loadLayersModel('https://example.com/model/model.json')
 */
export async function exportModel(
  model: tfl.LayersModel,
  destination: ExportDestination,
  options: ExportModelOptions = {},
): Promise<ExportReport> {
  return exportToHandler(model, destination, checkQuantize(options.quantize), options.gzipSize ?? gzipSize);
}
