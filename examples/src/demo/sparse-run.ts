import type * as tfl from '@tensorflow/tfjs-layers';

import { sparsify } from '@tfjs-prune/sparse';

import { describeRuntime, type RuntimeSummary } from '../bench/sparse-summary.js';
import type { DemoOptions } from './demo-options.js';
import type { Tensors } from './fit-lenet.js';
import { compareSparseLatency, type SparseLatencyComparison } from './inference-latency.js';
import { assertSamePredictions, maxPredictionDifference } from './prediction-check.js';

export interface SparseRun {
  /** Largest |pruned − sparse| over the test predictions (at most 1e-5, or the run throws). */
  readonly maxPredictionDifference: number;
  readonly testDigits: number;
  /** Where the layers run (whole model in the wasm runtime, or per layer) and in which formats. */
  readonly runtime: RuntimeSummary;
  readonly latency: readonly SparseLatencyComparison[];
}

/**
 * The pruned model as a user ships it (reloaded from disk) through `sparsify`: it must predict
 * what `model.predict` does on every test digit, then dense, pruned and sparse are timed in one
 * alternation. The caller owns `pruned`; `denseForLatency`'s model is disposed here.
 */
export async function runSparse(
  options: DemoOptions,
  pruned: tfl.LayersModel,
  test: Tensors,
  denseForLatency: () => Promise<tfl.LayersModel>,
): Promise<SparseRun> {
  const sparse = await sparsify(pruned);
  try {
    const difference = await maxPredictionDifference(pruned, sparse, test.x, options.batchSize);
    assertSamePredictions('sparsify(pruned LeNet-300-100) vs model.predict', difference, 'the sparse model');
    const dense = await denseForLatency();
    try {
      const latency = compareSparseLatency(dense, pruned, sparse, options.latencyRepeats);
      return { maxPredictionDifference: difference, testDigits: test.x.shape[0] ?? Number.NaN, runtime: describeRuntime(sparse.report), latency };
    } finally {
      dense.optimizer?.dispose();
      dense.dispose();
    }
  } finally {
    sparse.dispose();
  }
}
