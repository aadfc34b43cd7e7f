import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { alternatedLatency } from '../bench/latency.js';

export const LATENCY_BATCHES = [1, 64] as const;

export interface LatencyComparison {
  readonly batch: number;
  /** Median milliseconds per `predict` of the whole batch. */
  readonly denseMs: number;
  readonly compactedMs: number;
  /** denseMs / compactedMs. */
  readonly speedup: number;
  readonly samples: number;
}

/**
 * Dense vs compacted inference on the current backend, alternated sample by sample in this
 * process (a slow patch on a shared machine hits both), median of `repeats` samples of at least
 * 50 ms each. Inputs are random: a dense matmul costs the same whatever the values.
 */
export function compareLatency(dense: tfl.LayersModel, compacted: tfl.LayersModel, repeats: number): LatencyComparison[] {
  const features = dense.inputs[0]?.shape[1] ?? Number.NaN;
  return LATENCY_BATCHES.map((batch) => {
    const input = tf.randomUniform([batch, features], 0, 1, 'float32', 7);
    try {
      const stats = alternatedLatency({ dense, compacted }, input, { warmup: 3, repeats, minSampleMs: 50, budgetMs: 20_000 });
      const denseMs = stats.dense?.medianMs ?? Number.NaN;
      const compactedMs = stats.compacted?.medianMs ?? Number.NaN;
      return { batch, denseMs, compactedMs, speedup: denseMs / compactedMs, samples: stats.dense?.samples.length ?? 0 };
    } finally {
      input.dispose();
    }
  });
}
