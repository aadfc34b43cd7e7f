/*
 * Everything the command line takes from @tfjs-prune/core, in one place.
 */
import type * as tfl from '@tensorflow/tfjs-layers';

import type { ExportReport } from '@tfjs-prune/core';
import { exportModel as coreExportModel } from '@tfjs-prune/core/node';

export { fileSystem, gzipSizeSync as gzipSize } from '@tfjs-prune/core/node';
export {
  channelGraph,
  channelSensitivity,
  countMacs,
  CountMacsError,
  formatExportReport,
  sparsityReport,
  type ChannelGraph,
  type ExportReport,
  type SensitivityResult,
  type SensitivityRow,
  type SparsityReport,
  type WeightSparsity,
} from '@tfjs-prune/core';
export { formatPercent, formatTable } from '@tfjs-prune/core/internal';
export { ModelFileError } from '@tfjs-prune/core/node';

/** exportModel to a directory, optionally quantized. */
export function exportModel(
  model: tfl.LayersModel,
  dir: string,
  quantize: 'float16' | 'uint8' | undefined,
): Promise<ExportReport> {
  return coreExportModel(model, dir, quantize === undefined ? {} : { quantize });
}
