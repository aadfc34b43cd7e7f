/**
 * The training half of the compact suite, one run per spec, in a worker process (compact-worker.ts):
 * a CNN trained dense, or channel-pruned during `fit` and compacted, its test accuracy measured
 * and the resulting model saved for the parent to time. Runs are independent, so they spread
 * over `--jobs` cores; latency is then measured in the parent alone.
 */
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { PruningCallback } from '@tfjs-prune/callbacks';
import { countMacs } from '@tfjs-prune/core';
import { fileSystem } from '@tfjs-prune/core/node';

import { type DataOption, loadData, toTensors } from '../data/index.js';
import { CNN_MODELS, type CnnName } from '../models/cnn-models.js';
import { compactPruningConfig } from './compact-config.js';
import { type CompactedModel, compactModel } from './compact-model.js';
import { disposeModel } from './models.js';
import { splitRange } from './split-range.js';
import { testAccuracy } from './test-accuracy.js';

export interface CompactTrainingSpec {
  readonly id: string;
  readonly model: CnnName;
  /** Channels pruned; 0 trains the dense net. */
  readonly sparsity: number;
  readonly epochs: number;
  readonly trainDigits: number;
  /** Folder the trained (dense) or compacted model is saved under, as `<id>/`. */
  readonly dir: string;
}

export interface CompactTrainingResult {
  readonly spec: CompactTrainingSpec;
  readonly status: 'ok' | 'failed';
  readonly reason?: string;
  /** Test accuracy of the dense net, or of the pruned net before compaction. */
  readonly accuracy?: number;
  readonly compactedAccuracy?: number;
  readonly maxPredictionDifference?: number;
  /** Parameters and MACs per digit of the saved model. */
  readonly params?: number;
  readonly macs?: number;
  /** Where the model was saved (fileSystem path). */
  readonly saved?: string;
  readonly seconds?: number;
}

type Tensors = { x: tf.Tensor; y: tf.Tensor };

// A worker runs several trainings on the same digits: read them once per process.
const datasets = new Map<string, ReturnType<typeof loadData>>();
function datasetFor(data: DataOption): ReturnType<typeof loadData> {
  const key = JSON.stringify(data);
  let set = datasets.get(key);
  if (set === undefined) datasets.set(key, (set = loadData(data, { trainSize: 8000, testSize: 2000, seed: 42 })));
  return set;
}

export const savedModelPath = (spec: CompactTrainingSpec): string => join(spec.dir, spec.id);

/** One run: train, (prune and compact,) measure, save. Failures come back as results, not throws. */
export async function runCompactTraining(spec: CompactTrainingSpec, data: DataOption, log: (line: string) => void): Promise<CompactTrainingResult> {
  const started = performance.now();
  const set = datasetFor(data);
  const train = toTensors(splitRange(set.train, 0, Math.min(spec.trainDigits, set.train.count)), { flatten: false });
  const test = toTensors(set.test, { flatten: false });
  try {
    log(`${spec.id}: ${spec.sparsity === 0 ? 'dense' : `pruning ${spec.sparsity * 100}% of the channels during fit`}, ${spec.epochs} epochs on ${spec.trainDigits} digits`);
    let model: tfl.LayersModel;
    let counts: Pick<CompactTrainingResult, 'accuracy' | 'compactedAccuracy' | 'maxPredictionDifference'>;
    if (spec.sparsity === 0) {
      model = CNN_MODELS[spec.model].create(1, 1);
      await model.fit(train.x, train.y, { epochs: spec.epochs, batchSize: 64, shuffle: false, verbose: 0 });
      counts = { accuracy: await testAccuracy(model, test) };
    } else {
      const row = await pruneAndCompact(spec.model, spec.sparsity, spec.epochs, train, test);
      model = row.compacted;
      counts = { accuracy: row.counts.prunedAccuracy, compactedAccuracy: row.counts.compactedAccuracy, maxPredictionDifference: row.counts.maxPredictionDifference };
    }
    try {
      await model.save(fileSystem(savedModelPath(spec)));
      return { spec, status: 'ok', ...counts, params: model.countParams(), macs: countMacs(model).total, saved: savedModelPath(spec), seconds: (performance.now() - started) / 1000 };
    } finally {
      disposeModel(model);
    }
  } catch (error) {
    return { spec, status: 'failed', reason: (error as Error).message };
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
}

/**
 * One pruned run: fit with the channel-pruning callback, strip the masks, compact (with
 * `compactor`, compactModel unless a test passes a stand-in) and measure both models.
 */
export async function pruneAndCompact(
  name: CnnName,
  sparsity: number,
  epochs: number,
  train: Tensors,
  test: Tensors,
  compactor: (model: tfl.LayersModel) => Promise<CompactedModel> = compactModel,
) {
  const model = CNN_MODELS[name].create(1, 1);
  const pruning = new PruningCallback(compactPruningConfig(sparsity, epochs));
  try {
    await model.fit(train.x, train.y, { epochs, batchSize: 64, shuffle: false, verbose: 0, callbacks: [pruning] });
    pruning.strip();
    const prunedAccuracy = await testAccuracy(model, test);
    const { model: compacted } = await compactor(model);
    const compactedAccuracy = await testAccuracy(compacted, test);
    const maxPredictionDifference = await maxDifference(model, compacted, test.x);
    return {
      compacted,
      counts: { prunedAccuracy, compactedAccuracy, maxPredictionDifference, compactedParams: compacted.countParams(), compactedMacs: countMacs(compacted).total },
    };
  } finally {
    pruning.strip();
    disposeModel(model);
  }
}

/** Largest |pruned − compacted| over the test predictions: compaction must not change them. */
async function maxDifference(a: tfl.LayersModel, b: tfl.LayersModel, x: tf.Tensor): Promise<number> {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a.predict(x, { batchSize: 500 }) as tf.Tensor, b.predict(x, { batchSize: 500 }) as tf.Tensor))));
  const value = (await diff.data())[0] ?? Number.NaN;
  diff.dispose();
  return value;
}
