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
import { disposeTrained, fitLenet, type Tensors } from './fit-lenet.js';
import { formatComparison } from './format-comparison.js';
import { formatSparse } from './format-sparse.js';
import { formatStructured } from './format-structured.js';
import { runSparse, type SparseRun } from './sparse-run.js';
import { runStructured, type StructuredRun } from './structured-run.js';

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
  /** The reloaded pruned model through `sparsify`: same predictions, timed beside dense. */
  readonly sparse: SparseRun;
  /** Hidden units pruned, compacted and timed against dense; absent with `--no-structured`. */
  readonly structured?: StructuredRun;
}

/** The main job: LeNet-300-100 on MNIST, dense vs pruned vs structured and compacted, same data, epochs and seed. */
export async function runDemo(options: DemoOptions, log: (line: string) => void = console.log): Promise<DemoResult> {
  // Read the configs first: a typo should cost a second, not a dense training run.
  const pruningConfig = (await pruningCallbackFromFile(options.config)).config;
  const structuredConfig = options.structured ? (await pruningCallbackFromFile(options.structuredConfig)).config : undefined;
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
    let reloadedAccuracy: number;
    let sparse: SparseRun;
    try {
      reloadedAccuracy = await accuracy(reloaded, test, options.batchSize);
      log('');
      log('pruned model through sparsify: checking its predictions on every test digit, then timing it…');
      sparse = await runSparse(options, reloaded, test, () => denseForLatency(options, dense));
    } finally {
      reloaded.dispose();
    }
    const structured =
      structuredConfig === undefined
        ? undefined
        : await runStructured(options, new PruningCallback(structuredConfig, { source: options.structuredConfig }), train, test, () => denseForLatency(options, dense), log);
    const result: DemoResult = {
      backend: selection.backend,
      ...(dense === undefined ? {} : { dense }),
      pruned,
      reloadedAccuracy,
      sparse,
      ...(structured === undefined ? {} : { structured }),
    };
    log('');
    log(formatComparison(result));
    log('');
    log(formatSparse(sparse, selection.backend));
    if (structured !== undefined) {
      log('');
      log(formatStructured(structured, dense, selection.backend));
    }
    return result;
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
}

/** The saved dense model when there is one; else fresh dense weights, which predict just as fast. */
async function denseForLatency(options: DemoOptions, dense: DemoRun | undefined): Promise<tfl.LayersModel> {
  return dense === undefined ? lenet300100(options.seed) : await tfl.loadLayersModel(fileSystem(join(options.out, 'dense')));
}

async function trainOnce(name: 'dense' | 'pruned', options: DemoOptions, train: Tensors, test: Tensors, log: (line: string) => void, pruning?: PruningCallback): Promise<DemoRun> {
  const started = performance.now();
  const model = await fitLenet(name, options, train, test, log, pruning);
  try {
    const seconds = (performance.now() - started) / 1000;
    const testAccuracy = await accuracy(model, test, options.batchSize);
    const saved = await exportModel(model, join(options.out, name));
    return { name, testAccuracy, sparsity: sparsityReport(model), saved, seconds };
  } finally {
    disposeTrained(model);
  }
}

async function accuracy(model: tfl.LayersModel, test: Tensors, batchSize: number): Promise<number> {
  const result = model.evaluate(test.x, test.y, { batchSize }) as tf.Scalar[];
  const values = await Promise.all(result.map((t) => t.data()));
  tf.dispose(result);
  return values[1]?.[0] ?? Number.NaN;
}
