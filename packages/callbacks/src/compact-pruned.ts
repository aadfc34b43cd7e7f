import { compact, type CompactOptions, type CompactResult } from '@tfjs-prune/compact';

import { PruningEngineError } from './errors/pruning-engine-error.js';
import type { PruningEngine } from './engine/pruning-engine.js';
import type { PruningCallback } from './pruning-callback.js';

/**
 * Compacting after training: strips `pruning` (masks stop, zeros stay), then returns
 * `{ model, report }`, a new model with every pruned channel physically removed. It strips
 * first because the narrower copy cannot carry masks: training the bound model on would regrow
 * weights the copy has already dropped. The bound model stays usable, with its zeros.
 *
 * A subpath of its own (`@tfjs-prune/callbacks/compact`) so a page that only trains does not
 * load the compaction code.
 *
 * ```ts
 * await model.fit(xs, ys, { epochs: 6, callbacks: [pruning] });
 * const { model: small, report } = await compactPruned(pruning);
 * ```
 */
export async function compactPruned(pruning: PruningCallback | PruningEngine, options: CompactOptions = {}): Promise<CompactResult> {
  const model = pruning.strip();
  if (model === undefined) {
    throw new PruningEngineError('NOT_ATTACHED', 'attach the callback to its model (or fit it) before trying to compact');
  }
  return await compact(model, options);
}
