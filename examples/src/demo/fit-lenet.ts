import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { PruningCallback } from '@tfjs-prune/callbacks';

import { lenet300100 } from '../lenet-300-100.js';
import type { DemoOptions } from './demo-options.js';
import { epochProgress } from './epoch-progress.js';

export type Tensors = { x: tf.Tensor; y: tf.Tensor };

/**
 * Trains a fresh LeNet-300-100 (the same seeded initial weights for every run), one line per
 * epoch; with a pruning callback, prints its report and strips it, so the zeros stay and the
 * masks are freed. The caller owns the model (and its optimizer, which it passed in).
 */
export async function fitLenet(label: string, options: DemoOptions, train: Tensors, test: Tensors, log: (line: string) => void, pruning?: PruningCallback): Promise<tfl.LayersModel> {
  const model = lenet300100(options.seed);
  let currentSparsity = 0;
  pruning?.on('epochEnd', (e) => (currentSparsity = e.sparsity));
  const progress = epochProgress(label.padEnd(10), options.epochs, log, pruning === undefined ? undefined : () => currentSparsity);
  try {
    await model.fit(train.x, train.y, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      validationData: [test.x, test.y],
      shuffle: true,
      verbose: 0,
      callbacks: pruning === undefined ? [progress] : [pruning, progress],
    });
    if (pruning !== undefined) {
      log('');
      log(pruning.formatReport());
      log('');
      pruning.strip();
    }
    return model;
  } catch (error) {
    pruning?.strip();
    disposeTrained(model);
    throw error;
  }
}

/** A model disposes only optimizers it created from a name; LeNet's was passed in. */
export function disposeTrained(model: tfl.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}
