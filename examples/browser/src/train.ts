import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type MaskUpdateEvent, PruningCallback, selectBackend } from '@tfjs-prune/callbacks';
import { sparsityReport } from '@tfjs-prune/core';

import { lenet300100 } from '../../src/lenet-300-100.js';
import defaultConfig from '../../schedules/lenet-300-100.json';
import { type Digits, toTensors } from './digits.js';
import type { EpochProgress, RunOptions, RunResult } from './page-api.js';

export const RUN_DEFAULTS: RunOptions = { backend: 'webgl', epochs: 8, trainSize: 3000, testSize: 1000, batchSize: 64 };

export interface RunListener {
  log(line: string): void;
  epoch(progress: EpochProgress): void;
  maskUpdate(event: MaskUpdateEvent): void;
}

/** A trained model and the tensors that go with it, until the page lets go of them. */
export interface TrainedRun {
  readonly result: RunResult;
  readonly model: tfl.LayersModel;
  dispose(): void;
}

/** Trains LeNet-300-100 with PruningCallback on the page's digits, on the chosen backend. */
export async function train(digits: Digits, options: RunOptions, listener: RunListener): Promise<TrainedRun> {
  await selectBackend(options.backend, { log: (line) => listener.log(line) });
  tf.env().set('PROD', true);
  // Built first: a bad config (or a page whose CSP forbids what validation needs) fails before
  // any tensor exists.
  const pruning = new PruningCallback(options.config ?? defaultConfig);
  const tensorsBefore = tf.memory().numTensors;
  const trainSet = toTensors(digits.train, digits.pixels, options.trainSize);
  const testSet = toTensors(digits.test, digits.pixels, options.testSize);
  const model = lenet300100(42);
  const dispose = () => {
    pruning.strip();
    // A model disposes only optimizers it created from a name; lenet300100 passes one in.
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([trainSet.x, trainSet.y, testSet.x, testSet.y]);
  };
  try {
    const epochs: EpochProgress[] = [];
    let lastSparsity = 0;
    pruning.on('maskUpdate', (event) => listener.maskUpdate(event));
    pruning.on('epochEnd', (event) => {
      lastSparsity = event.sparsity;
    });
    const progress = new tfl.CustomCallback({
      onEpochEnd: async (epoch, logs) => {
        const entry = { epoch, accuracy: logs?.['acc'] ?? 0, loss: logs?.['loss'] ?? 0, sparsity: lastSparsity };
        epochs.push(entry);
        listener.epoch(entry);
        // Lets the page paint between epochs on backends that compute on the main thread.
        await tf.nextFrame();
      },
    });
    await model.fit(trainSet.x, trainSet.y, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      shuffle: false,
      callbacks: [pruning, progress],
    });
    const testAccuracy = accuracy(model, testSet.x, testSet.y);
    const result = { backend: tf.getBackend(), epochs, testAccuracy, weights: sparsityReport(model).weights, tensorsBefore };
    return { result, model, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function accuracy(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => {
    const predicted = tf.argMax(model.predict(x) as tf.Tensor, 1);
    return tf.mean(tf.cast(tf.equal(predicted, tf.argMax(y, 1)), 'float32')).dataSync()[0] ?? 0;
  });
}
