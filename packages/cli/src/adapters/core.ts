/*
 * Everything the command line takes from @tfjs-prune/core, in one place: when the Node-only IO
 * moves (to `@tfjs-prune/core/node`), only these import paths change.
 */
import type * as tfl from '@tensorflow/tfjs-layers';

import { exportModel as coreExportModel, type ExportReport } from '@tfjs-prune/core';

export {
  fileSystem,
  formatExportReport,
  formatPercent,
  formatTable,
  gzipSize,
  ModelFileError,
  sparsityReport,
  type ExportReport,
  type SparsityReport,
  type WeightSparsity,
} from '@tfjs-prune/core';

/** exportModel without its console table: commands decide what to print. */
export function exportModel(
  model: tfl.LayersModel,
  dir: string,
  quantize: 'float16' | 'uint8' | undefined,
): Promise<ExportReport> {
  return coreExportModel(model, dir, { log: false, ...(quantize === undefined ? {} : { quantize }) });
}
