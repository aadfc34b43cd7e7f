import type * as tfl from '@tensorflow/tfjs-layers';
import { compact, type CompactionReport, foldBatchNorm } from '@tfjs-prune/compact';

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

/**
 * The model as it would ship: every BatchNormalization merged into the layer before it, where
 * exact. Latency compares these (dense too), so a speedup is channels removed, not BN folded.
 * `folded` is how many BN layers went; 0 leaves an equivalent copy.
 */
export async function inferenceModel(model: tfl.LayersModel): Promise<{ model: tfl.LayersModel; folded: number }> {
  const { model: folded, report } = await foldBatchNorm(model);
  return { model: folded, folded: report.folded.length };
}
