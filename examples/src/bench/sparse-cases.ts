import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { lenet300100 } from '../lenet-300-100.js';
import { mobilenetMnist } from '../models/mobilenet-mnist.js';
import { digitBatch } from './latency.js';
import { pruneByMagnitude } from './magnitude-prune.js';

/** The sparsities of the demo's config: hidden layers 90%, the output layer 70%. */
export const LENET_SPARSITIES = { hidden1: 0.9, hidden2: 0.9, logits: 0.7 } as const;

/** Weight layout the pruning gives: single weights, or 1×4 tiles (four neighbouring outputs of one input). */
export type Pattern = 'unstructured' | 'block 1x4';
const blockColumns = (pattern: Pattern) => (pattern === 'unstructured' ? 1 : 4);

/** A model the sparse suite times, with the input shape it takes. */
export interface BenchModel {
  readonly model: tfl.LayersModel;
  readonly input: (batch: number) => tf.Tensor;
}

const flatDigits = (batch: number) => tf.randomUniform([batch, 784], 0, 1, 'float32', 7);

/** LeNet-300-100 (seeded initial weights) pruned by magnitude to `sparsities`; none = dense. */
export function prunedLenet(pattern: Pattern, sparsities: Readonly<Record<string, number>> = LENET_SPARSITIES): BenchModel {
  const model = lenet300100(1);
  pruneByMagnitude(model, sparsities, blockColumns(pattern));
  return { model, input: flatDigits };
}

/** LeNet-300-100 with every kernel at one sparsity: the sweep's model. */
export function uniformLenet(pattern: Pattern, sparsity: number): BenchModel {
  return prunedLenet(pattern, { hidden1: sparsity, hidden2: sparsity, logits: sparsity });
}

/** One 1024×1024 Dense layer with bias, no activation, 90% of its kernel zero. */
export function sparseDense1024(sparsity = 0.9): BenchModel {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ name: 'dense', units: 1024, inputShape: [1024], kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }), biasInitializer: 'randomNormal' })],
  });
  pruneByMagnitude(model, { dense: sparsity });
  return { model, input: (batch) => tf.randomUniform([batch, 1024], -1, 1, 'float32', 7) };
}

/** The MobileNetV2-style net of the CNN benchmarks with every 1×1 convolution 90% zero. */
export function sparseMobilenet(sparsity = 0.9): BenchModel {
  const model = mobilenetMnist(1);
  const pointwise = model.layers.filter((l) => l.getClassName() === 'Conv2D' && /_(expand|project)$|^head$/.test(l.name));
  pruneByMagnitude(model, Object.fromEntries(pointwise.map((l) => [l.name, sparsity])));
  return { model, input: digitBatch };
}
