import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { PruningCallback } from '@tfjs-prune/callbacks';
import { pruningCallbackFromFile } from '@tfjs-prune/callbacks/node';
import { type ExportReport, sparsityReport, type SparsityReport } from '@tfjs-prune/core';
import { exportModel, fileSystem } from '@tfjs-prune/core/node';

import { selectCliBackend } from '../cli/select-cli-backend.js';
import { loadData, toTensors } from '../data/index.js';
import { lenet300100 } from '../lenet-300-100.js';
import type { DemoOptions } from './demo-options.js';
import { epochProgress } from './epoch-progress.js';
import { formatComparison } from './format-comparison.js';

export interface DemoRun {
  readonly name: 'dense' | 'pruned';
  readonly testAccuracy: number;
  readonly sparsity: SparsityReport;
  readonly saved: ExportReport;
  readonly seconds: number;
}

export interface DemoResult {
  readonly backend: string;
  readonly dense?: DemoRun;
  readonly pruned: DemoRun;
  /** Accuracy of the pruned model after saving and loading it back with the stock loader. */
  readonly reloadedAccuracy: number;
}

/** The main job: LeNet-300-100 on MNIST, dense vs pruned, same data, epochs and seed. */
export async function runDemo(options: DemoOptions, log: (line: string) => void = console.log): Promise<DemoResult> {
  // Read the config first: a typo should cost a second, not a dense training run.
  const pruningConfig = (await pruningCallbackFromFile(options.config)).config;
  const selection = await selectCliBackend(options.backend, { log });
  tf.env().set('PROD', true);

  const data = loadData(options.data, { trainSize: options.trainSize, testSize: options.testSize, seed: options.seed });
  log(`data: ${data.source}, ${data.train.count} train / ${data.test.count} test digits`);
  const train = toTensors(data.train, { flatten: true });
  const test = toTensors(data.test, { flatten: true });
  try {
    const dense = options.baseline ? await trainOnce('dense', options, train, test, log) : undefined;
    const pruned = await trainOnce('pruned', options, train, test, log, new PruningCallback(pruningConfig, { source: options.config }));
    const reloaded = await tfl.loadLayersModel(fileSystem(join(options.out, 'pruned')));
    reloaded.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const reloadedAccuracy = await accuracy(reloaded, test, options.batchSize);
    reloaded.dispose();
    const result: DemoResult = { backend: selection.backend, ...(dense === undefined ? {} : { dense }), pruned, reloadedAccuracy };
    log('');
    log(formatComparison(result));
    return result;
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
}

async function trainOnce(
  name: 'dense' | 'pruned',
  options: DemoOptions,
  train: { x: tf.Tensor; y: tf.Tensor },
  test: { x: tf.Tensor; y: tf.Tensor },
  log: (line: string) => void,
  pruning?: PruningCallback,
): Promise<DemoRun> {
  const model = lenet300100(options.seed);
  let currentSparsity = 0;
  pruning?.on('epochEnd', (e) => (currentSparsity = e.sparsity));
  const progress = epochProgress(name.padEnd(6), options.epochs, log, pruning === undefined ? undefined : () => currentSparsity);
  const started = performance.now();
  try {
    await model.fit(train.x, train.y, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      validationData: [test.x, test.y],
      shuffle: true,
      verbose: 0,
      callbacks: pruning === undefined ? [progress] : [pruning, progress],
    });
    const seconds = (performance.now() - started) / 1000;
    if (pruning !== undefined) {
      log('');
      log(pruning.formatReport());
      log('');
      // Masks are baked into the weights already; stripping frees them and stops enforcement.
      pruning.strip();
    }
    const testAccuracy = await accuracy(model, test, options.batchSize);
    const saved = await exportModel(model, join(options.out, name));
    return { name, testAccuracy, sparsity: sparsityReport(model), saved, seconds };
  } finally {
    pruning?.strip();
    // A model disposes only optimizers it created from a name; this one was passed in.
    model.optimizer.dispose();
    model.dispose();
  }
}

async function accuracy(model: tfl.LayersModel, test: { x: tf.Tensor; y: tf.Tensor }, batchSize: number): Promise<number> {
  const result = model.evaluate(test.x, test.y, { batchSize }) as tf.Scalar[];
  const values = await Promise.all(result.map((t) => t.data()));
  tf.dispose(result);
  return values[1]?.[0] ?? Number.NaN;
}
