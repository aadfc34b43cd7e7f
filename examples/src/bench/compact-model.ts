import type * as tfl from '@tensorflow/tfjs-layers';
import { compact, type CompactionReport } from '@tfjs-prune/compact';

/** What compaction hands back: a new, physically narrower model and its report. */
export interface CompactedModel {
  readonly model: tfl.LayersModel;
  /** Per-layer units before → after, parameters and MACs, groups left alone and why; null from a test's stand-in. */
  readonly report: CompactionReport | null;
}

/**
 * The one place the compact benchmark calls compaction. `model` is the trained, channel-pruned
 * model with its masks stripped (the zeros stay); it comes back untouched and usable.
 */
export async function compactModel(model: tfl.LayersModel): Promise<CompactedModel> {
  return await compact(model);
}
