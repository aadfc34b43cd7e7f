import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { keptChannels } from './models/channels.js';

/**
 * A LeNet-5-like CNN for 28×28 MNIST (LeCun et al. 1998, without the 32×32 padding):
 * conv 5×5×6 → max-pool 2 → conv 5×5×16 → max-pool 2 → dense 120 → dense 84 → dense 10,
 * 44,426 parameters (conv kernels 2,550; dense kernels 41,760). Initializers are seeded so dense
 * and pruned runs start from the same weights.
 *
 * Training it on the wasm backend needs `registerWasmTrainingKernels()` from @tfjs-prune/core/wasm-training
 * (tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel; `selectBackend` registers it when
 * it picks wasm); the cpu backend trains it as is, but slowly.
 * `channels` < 1 builds the same net with that fraction of every hidden layer's filters and units
 * (the shapes compaction gives); the output layer keeps its 10.
 */
export function lenet5(seed: number, learningRate = 1e-3, channels = 1): tfl.Sequential {
  const width = (n: number) => keptChannels(n, channels);
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset });
  const model = tfl.sequential({
    name: 'lenet_5',
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: width(6), kernelSize: 5, activation: 'relu', kernelInitializer: init(0) }),
      tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tfl.layers.conv2d({ name: 'conv2', filters: width(16), kernelSize: 5, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'fc1', units: width(120), activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.dense({ name: 'fc2', units: width(84), activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.dense({ name: 'logits', units: 10, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
