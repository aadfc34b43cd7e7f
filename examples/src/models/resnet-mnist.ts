import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { BATCH_NORM_MOMENTUM, type CnnOptions, keptChannels } from './channels.js';

/** Channels of the three stages (28×28, 14×14, 7×7) at full width. */
export const RESNET_STAGE_CHANNELS = [16, 32, 64] as const;

/**
 * A small ResNet-style CNN for 28×28 MNIST (He et al. 2016, basic blocks): per stage a 3×3
 * Conv → BN → ReLU that sets the width, then one residual block (Conv → BN → ReLU → Conv → BN,
 * `Add` with the block input, ReLU); 2×2 max pooling between stages, global average pooling,
 * dense softmax. At full width 12.8 M MACs per digit and 122 k parameters (BN moving statistics included).
 *
 * Downsampling is by pooling, not strided convolutions (a choice made when wasm trained convolutions
 * only at stride 1); on wasm it trains after `registerWasmTrainingKernels()` from @tfjs-prune/core/wasm-training.
 * Convolutions followed by BN have no bias (BN's β is the shift).
 * Initializers are seeded, so two builds with one seed start from the same weights.
 */
export function resnetMnist(seed: number, options: CnnOptions = {}): tfl.LayersModel {
  const width = (n: number) => keptChannels(n, options.channels ?? 1);
  let next = 0;
  const init = () => tfl.initializers.heNormal({ seed: seed + next++ });
  const convBn = (x: tfl.SymbolicTensor, filters: number, name: string, relu: boolean): tfl.SymbolicTensor => {
    const conv = tfl.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init() }).apply(x);
    const bn = tfl.layers.batchNormalization({ name: `${name}_bn`, momentum: BATCH_NORM_MOMENTUM }).apply(conv) as tfl.SymbolicTensor;
    return relu ? (tfl.layers.reLU({ name: `${name}_relu` }).apply(bn) as tfl.SymbolicTensor) : bn;
  };
  const input = tfl.input({ name: 'image', shape: [28, 28, 1] });
  let x = input;
  RESNET_STAGE_CHANNELS.forEach((full, i) => {
    const stage = `stage${i + 1}`;
    if (i > 0) x = tfl.layers.maxPooling2d({ name: `${stage}_pool`, poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
    x = convBn(x, width(full), `${stage}_conv`, true);
    const branch = convBn(convBn(x, width(full), `${stage}_block_conv1`, true), width(full), `${stage}_block_conv2`, false);
    const sum = tfl.layers.add({ name: `${stage}_block_add` }).apply([x, branch]) as tfl.SymbolicTensor;
    x = tfl.layers.reLU({ name: `${stage}_block_relu` }).apply(sum) as tfl.SymbolicTensor;
  });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x);
  const logits = tfl.layers.dense({ name: 'logits', units: 10, activation: 'softmax', kernelInitializer: init() }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ name: 'resnet_mnist', inputs: input, outputs: logits });
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
