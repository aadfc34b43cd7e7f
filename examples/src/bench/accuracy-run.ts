import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import type { PruningCallback } from '@tfjs-prune/callbacks';
import { sparsityReport } from '@tfjs-prune/core';
import { exportModel } from '@tfjs-prune/core/node';

import { type DataOption, loadData, toTensors } from '../data/index.js';
import { type AccuracyRunSpec, pruningConfigFor } from './accuracy-specs.js';
import { firstLine, tryPruningCallback } from './criteria.js';
import { disposeModel, MODELS } from './models.js';

export interface AccuracyResult {
  readonly spec: AccuracyRunSpec;
  readonly status: 'ok' | 'unavailable' | 'failed';
  readonly reason?: string;
  readonly testAccuracy?: number;
  /** Zeros among the prunable kernels at the end. */
  readonly sparsity?: number;
  readonly layerSparsity?: Record<string, number>;
  readonly gzipBytes?: number;
  readonly uint8GzipBytes?: number;
  readonly seconds?: number;
  readonly data?: string;
}

type Tensors = { x: tf.Tensor; y: tf.Tensor };
const cache = new Map<string, { train: Tensors; test: Tensors; source: string }>();

function tensorsFor(spec: AccuracyRunSpec, data: DataOption) {
  const flatten = MODELS[spec.model].flatten;
  const key = `${spec.trainSize}/${spec.testSize}/${flatten}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    const set = loadData(data, { trainSize: spec.trainSize, testSize: spec.testSize, seed: 42 });
    entry = { train: toTensors(set.train, { flatten }), test: toTensors(set.test, { flatten }), source: set.source };
    cache.set(key, entry);
  }
  return entry;
}

/**
 * One training run of the accuracy protocol. Batches are in a fixed order (`shuffle: false` over
 * data the loader already shuffled with a seed), so runs of a model differ only by their pruning.
 * A config the installed library rejects is reported as unavailable, a run that throws as failed.
 */
export async function runAccuracy(spec: AccuracyRunSpec, data: DataOption, log: (line: string) => void): Promise<AccuracyResult> {
  let pruning: PruningCallback | undefined;
  if (spec.schedule !== 'dense') {
    const made = tryPruningCallback(pruningConfigFor(spec.schedule, spec.sparsity, spec.criterion));
    if ('unavailable' in made) return { spec, status: 'unavailable', reason: made.unavailable };
    pruning = made.callback;
  }
  const { train, test, source } = tensorsFor(spec, data);
  const model = MODELS[spec.model].create(spec.seed);
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-bench-acc-'));
  let sparsity = 0;
  pruning?.on('epochEnd', (e) => (sparsity = e.sparsity));
  const progress = new tfl.CustomCallback({
    onEpochEnd: async (epoch, logs = {}) => {
      const loss = typeof logs.loss === 'number' ? logs.loss.toFixed(4) : '?';
      const acc = typeof logs.acc === 'number' ? `${(logs.acc * 100).toFixed(2)}%` : '?';
      log(`${spec.id} epoch ${epoch + 1}/${spec.epochs}: loss ${loss}, train acc ${acc}, sparsity ${(sparsity * 100).toFixed(1)}%`);
    },
  });
  try {
    const started = performance.now();
    await model.fit(train.x, train.y, {
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      shuffle: false,
      verbose: 0,
      callbacks: pruning === undefined ? [progress] : [pruning, progress],
    });
    const seconds = (performance.now() - started) / 1000;
    pruning?.strip();
    const evaluated = model.evaluate(test.x, test.y, { batchSize: 500 }) as tf.Scalar[];
    const testAccuracy = (await evaluated[1]?.data())?.[0] ?? Number.NaN;
    tf.dispose(evaluated);
    const report = sparsityReport(model);
    const layerSparsity = Object.fromEntries(report.weights.filter((w) => w.prunable).map((w) => [w.path, w.sparsity]));
    const plain = await exportModel(model, join(dir, 'f32'));
    const uint8 = await exportModel(model, join(dir, 'u8'), { quantize: 'uint8' });
    return {
      spec,
      status: 'ok',
      testAccuracy,
      sparsity: report.prunable.sparsity,
      layerSparsity,
      gzipBytes: plain.weightsGzipBytes,
      uint8GzipBytes: uint8.weightsGzipBytes,
      seconds,
      data: source,
    };
  } catch (error) {
    return { spec, status: 'failed', reason: firstLine(error) };
  } finally {
    pruning?.strip();
    disposeModel(model);
    rmSync(dir, { recursive: true, force: true });
  }
}
