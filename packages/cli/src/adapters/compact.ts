import type * as tfl from '@tensorflow/tfjs-layers';

import { CliError } from '../cli-error.js';

/** What compaction gives back; mirrors `compact(model)` of @tfjs-prune/compact. */
export interface CompactResult {
  readonly model: tfl.LayersModel;
  /** Lines describing what was removed (channels, parameters, MACs), printed after the export. */
  readonly summary: readonly string[];
}

/**
 * The one place `export --compact` reaches physical compaction. @tfjs-prune/compact is not part
 * of this release yet, so this refuses clearly instead of exporting an uncompacted model under a
 * flag that promised otherwise. Once it lands: `const { model: m, report } = compact(model)`.
 */
export function compactModel(_model: tfl.LayersModel): CompactResult {
  throw new CliError(
    'CLI_NOT_AVAILABLE',
    'export --compact: not available yet (it needs @tfjs-prune/compact, which this version does not include); ' +
      'export without --compact to keep the shapes and ship the zeros gzipped',
  );
}
