import type * as tfl from '@tensorflow/tfjs-layers';

import { tf } from '../../../core/test/support/cpu-backend.js';
import { seededLenet } from '../../../compact/test/support/seeded-lenet.js';
import { tinyConvNet } from '../../../compact/test/support/tiny-conv-net.js';

function compiled(model: tfl.LayersModel): tfl.LayersModel {
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

/** The budget tests' conv net, with a softmax and compiled to train. */
export const convNet = (): tfl.LayersModel => compiled(tinyConvNet({ softmax: true }));

/** Seeded LeNet-300-100, with a softmax and compiled to train. */
export const lenet = (): tfl.LayersModel => compiled(seededLenet({ softmax: true }));

/** Ends runs whose callbacks and models a test made: masks stripped, models and their SGD optimizers (a scalar each) disposed. */
export function disposeRuns(callbacks: readonly { strip(): void }[], models: readonly tfl.LayersModel[]): void {
  for (const callback of callbacks) callback.strip();
  for (const model of models) {
    model.optimizer.dispose();
    model.dispose();
  }
}
