import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';

import type { PruningCallback } from '@tfjs-prune/callbacks';
import { compact, type CompactionReport } from '@tfjs-prune/compact';
import { countMacs, type ExportReport, sparsityReport } from '@tfjs-prune/core';
import { exportModel, fileSystem } from '@tfjs-prune/core/node';

import type { DemoOptions } from './demo-options.js';
import { disposeTrained, fitLenet, type Tensors } from './fit-lenet.js';
import { compareLatency, type LatencyComparison } from './inference-latency.js';
import { assertSamePredictions, maxPredictionDifference, predictedAccuracy } from './prediction-check.js';

export interface StructuredRun {
  readonly pruned: { readonly testAccuracy: number; readonly params: number; readonly nonzeros: number; readonly macs: number; readonly saved: ExportReport };
  readonly compacted: {
    readonly testAccuracy: number;
    readonly params: number;
    readonly macs: number;
    readonly saved: ExportReport;
    /** Accuracy of the compacted model after saving it and loading it back with the stock loader. */
    readonly reloadedAccuracy: number;
  };
  /** Largest |pruned − compacted| over the test predictions (at most 1e-5, or the run throws). */
  readonly maxPredictionDifference: number;
  /** Largest |compacted − reloaded compacted| over the test predictions. */
  readonly reloadDifference: number;
  readonly compaction: CompactionReport;
  readonly testDigits: number;
  readonly latency: readonly LatencyComparison[];
}

/**
 * The third run: whole hidden units pruned during `fit`, the pruned model compacted to a
 * physically narrower one, which must predict what the pruned one does, then both saved, the
 * compacted one reloaded with stock tfjs, and its latency measured against `denseForLatency`.
 */
export async function runStructured(
  options: DemoOptions,
  pruning: PruningCallback,
  train: Tensors,
  test: Tensors,
  denseForLatency: () => Promise<tfl.LayersModel>,
  log: (line: string) => void,
): Promise<StructuredRun> {
  const pruned = await fitLenet('structured', options, train, test, log, pruning);
  const owned: tfl.LayersModel[] = [];
  try {
    const prunedAccuracy = await predictedAccuracy(pruned, test, options.batchSize);
    const prunedSparsity = sparsityReport(pruned);
    const prunedSaved = await exportModel(pruned, join(options.out, 'structured'));
    const { model: compacted, report: compaction } = await compact(pruned);
    owned.push(compacted);
    const maxDifference = await maxPredictionDifference(pruned, compacted, test.x, options.batchSize);
    assertSamePredictions('compacted vs structured-pruned LeNet-300-100', maxDifference);
    const compactedAccuracy = await predictedAccuracy(compacted, test, options.batchSize);
    const compactedSaved = await exportModel(compacted, join(options.out, 'compacted'));
    const reloaded = await tfl.loadLayersModel(fileSystem(join(options.out, 'compacted')));
    owned.push(reloaded);
    const reloadDifference = await maxPredictionDifference(compacted, reloaded, test.x, options.batchSize);
    assertSamePredictions(`compacted model reloaded from ${compactedSaved.destination}`, reloadDifference);
    const reloadedAccuracy = await predictedAccuracy(reloaded, test, options.batchSize);
    const dense = await denseForLatency();
    owned.push(dense);
    // The reloaded model is the one a user ships: time that one.
    const latency = compareLatency(dense, reloaded, options.latencyRepeats);
    return {
      pruned: { testAccuracy: prunedAccuracy, params: prunedSparsity.total.params, nonzeros: prunedSparsity.total.nonzeros, macs: countMacs(pruned).total, saved: prunedSaved },
      compacted: { testAccuracy: compactedAccuracy, params: compacted.countParams(), macs: countMacs(compacted).total, saved: compactedSaved, reloadedAccuracy },
      maxPredictionDifference: maxDifference,
      reloadDifference,
      compaction,
      testDigits: test.x.shape[0] ?? Number.NaN,
      latency,
    };
  } finally {
    for (const model of owned) disposeTrained(model);
    disposeTrained(pruned);
  }
}
