import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadCheckpointFrom, type MaskUpdateEvent, PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { indexedDbCheckpoints } from '@tfjs-prune/callbacks/indexeddb';
import { sparsityReport } from '@tfjs-prune/core';

import { lenet300100 } from '../../src/lenet-300-100.js';
import { demoConfig } from './demo-config.js';
import { type Digits, toTensors } from './digits.js';
import { maskFingerprints } from './mask-fingerprints.js';
import type { EpochProgress, RunOptions, RunResult } from './page-api.js';

export const RUN_DEFAULTS: RunOptions = {
  backend: 'webgl',
  epochs: 8,
  trainSize: 3000,
  testSize: 1000,
  batchSize: 64,
  granularity: 'unstructured',
  checkpoint: 'demo',
};

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

/**
 * Trains LeNet-300-100 from scratch with PruningCallback on the page's digits, on the chosen
 * backend, checkpointing every epoch into IndexedDB when `options.checkpoint` names a store
 * (emptied first: a fresh run must not mix with an old one's checkpoints).
 */
export async function train(digits: Digits, options: RunOptions, listener: RunListener): Promise<TrainedRun> {
  await startBackend(options, listener);
  const store = options.checkpoint === null ? undefined : indexedDbCheckpoints(options.checkpoint);
  await store?.clear();
  // Built first: a bad config (or a page whose CSP forbids what validation needs) fails before
  // any tensor exists.
  const pruning = PruningCallback.fromJSON(options.config ?? demoConfig(options.granularity), store === undefined ? {} : { checkpoint: { store } });
  const tensorsBefore = tf.memory().numTensors;
  return fitAndMeasure(digits, options, listener, { model: lenet300100(42), pruning, initialEpoch: 0, tensorsBefore });
}

/**
 * Resumes the run checkpointed in IndexedDB store `options.checkpoint` (after a reload, say):
 * model, optimizer state, masks and schedule position as they were, up to `options.epochs`.
 */
export async function resume(digits: Digits, options: RunOptions, listener: RunListener): Promise<TrainedRun> {
  if (options.checkpoint === null) throw new Error('resuming needs a checkpoint store name');
  await startBackend(options, listener);
  const tensorsBefore = tf.memory().numTensors;
  const { model, callback, initialEpoch } = await loadCheckpointFrom(indexedDbCheckpoints(options.checkpoint));
  listener.log(`resuming from the checkpoint of epoch ${initialEpoch} in ${options.checkpoint}`);
  return fitAndMeasure(digits, options, listener, { model, pruning: callback, initialEpoch, tensorsBefore });
}

async function startBackend(options: RunOptions, listener: RunListener): Promise<void> {
  await selectBackend(options.backend, { log: (line) => listener.log(line) });
  tf.env().set('PROD', true);
}

interface Training {
  readonly model: tfl.LayersModel;
  readonly pruning: PruningCallback;
  readonly initialEpoch: number;
  /** `tf.memory().numTensors` before the model existed. */
  readonly tensorsBefore: number;
}

async function fitAndMeasure(digits: Digits, options: RunOptions, listener: RunListener, training: Training): Promise<TrainedRun> {
  const { model, pruning, initialEpoch, tensorsBefore } = training;
  const trainSet = toTensors(digits.train, digits.pixels, options.trainSize);
  const testSet = toTensors(digits.test, digits.pixels, options.testSize);
  const dispose = () => {
    pruning.strip();
    // A model disposes only optimizers it created from a name; ours are passed in or restored.
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
      initialEpoch,
      batchSize: options.batchSize,
      shuffle: false,
      callbacks: [pruning, progress],
    });
    const result: RunResult = {
      backend: tf.getBackend(),
      initialEpoch,
      epochs,
      testAccuracy: accuracy(model, testSet.x, testSet.y),
      weights: sparsityReport(model).weights,
      masks: await maskFingerprints(pruning),
      tensorsBefore,
    };
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
