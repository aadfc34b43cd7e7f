import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { alternatedLatency, type LatencyStats, type Predictor } from '../bench/latency.js';

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

/** The pruned model through model.predict and through sparsify, beside dense. */
export interface SparseLatencyComparison {
  readonly batch: number;
  /** Median milliseconds per `predict` of the whole batch. */
  readonly denseMs: number;
  readonly prunedMs: number;
  readonly sparseMs: number;
  /** prunedMs / sparseMs: the same weights, with and without the sparse kernels. */
  readonly speedup: number;
  /** denseMs / sparseMs. */
  readonly speedupVsDense: number;
  readonly samples: number;
}

/**
 * Dense vs compacted inference on the current backend, alternated sample by sample in this
 * process (a slow patch on a shared machine hits both), median of `repeats` samples of at least
 * 50 ms each. Inputs are random: a dense matmul costs the same whatever the values.
 */
export function compareLatency(dense: tfl.LayersModel, compacted: tfl.LayersModel, repeats: number): LatencyComparison[] {
  return timeAtBatches(dense, { dense, compacted }, repeats, (batch, stats) => {
    const denseMs = stats.dense?.medianMs ?? Number.NaN;
    const compactedMs = stats.compacted?.medianMs ?? Number.NaN;
    return { batch, denseMs, compactedMs, speedup: denseMs / compactedMs, samples: stats.dense?.samples.length ?? 0 };
  });
}

/** Dense, pruned (model.predict) and sparsify(pruned), alternated in one process as {@link compareLatency}. */
export function compareSparseLatency(dense: tfl.LayersModel, pruned: tfl.LayersModel, sparse: Predictor, repeats: number): SparseLatencyComparison[] {
  return timeAtBatches(dense, { dense, pruned, sparse }, repeats, (batch, stats) => {
    const denseMs = stats.dense?.medianMs ?? Number.NaN;
    const prunedMs = stats.pruned?.medianMs ?? Number.NaN;
    const sparseMs = stats.sparse?.medianMs ?? Number.NaN;
    return { batch, denseMs, prunedMs, sparseMs, speedup: prunedMs / sparseMs, speedupVsDense: denseMs / sparseMs, samples: stats.dense?.samples.length ?? 0 };
  });
}

function timeAtBatches<T>(shapeOf: tfl.LayersModel, models: Record<string, Predictor>, repeats: number, row: (batch: number, stats: Record<string, LatencyStats>) => T): T[] {
  const features = shapeOf.inputs[0]?.shape[1] ?? Number.NaN;
  return LATENCY_BATCHES.map((batch) => {
    const input = tf.randomUniform([batch, features], 0, 1, 'float32', 7);
    try {
      return row(batch, alternatedLatency(models, input, { warmup: 3, repeats, minSampleMs: 50, budgetMs: 20_000 }));
    } finally {
      input.dispose();
    }
  });
}
