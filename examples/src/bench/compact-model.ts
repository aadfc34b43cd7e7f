import type * as tfl from '@tensorflow/tfjs-layers';

/** What compaction hands back: a new, physically narrower model and its report. */
export interface CompactedModel {
  readonly model: tfl.LayersModel;
  /** @tfjs-prune/compact's report (per-layer units before → after, groups left alone and why). */
  readonly report: unknown;
}

/**
 * False until @tfjs-prune/compact is merged; the compact benchmark checks it before training so
 * it refuses in a second rather than after half an hour. Set it to true together with the
 * body below.
 */
export const COMPACTION_AVAILABLE = false;

export const COMPACTION_UNAVAILABLE =
  'pnpm bench:compact needs @tfjs-prune/compact (compact(model) → { model, report }), which this build does not have yet: ' +
  'add it to examples/package.json and implement compactModel in examples/src/bench/compact-model.ts. ' +
  'The narrowed-copy latencies run without it: pnpm bench:latency';

/**
 * The one place the compact benchmark calls compaction. To plug in the package:
 *   import { compact } from '@tfjs-prune/compact';
 *   export async function compactModel(model) { return await compact(model); }
 * and set COMPACTION_AVAILABLE to true. `model` is the trained, channel-pruned model with its
 * masks stripped (the zeros stay); it must come back untouched and usable.
 */
export async function compactModel(model: tfl.LayersModel): Promise<CompactedModel> {
  throw new Error(`${COMPACTION_UNAVAILABLE} (asked to compact "${model.name}")`);
}
