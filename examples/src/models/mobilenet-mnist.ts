import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { BATCH_NORM_MOMENTUM, type CnnOptions, keptChannels } from './channels.js';

/** One inverted residual block: output channels, expansion factor, depthwise stride. */
export interface InvertedResidualSpec {
  readonly out: number;
  readonly expand: number;
  readonly stride: 1 | 2;
}

/** 28×28 → 14×14 → 7×7; a residual `Add` wherever a block keeps shape (stride 1, in = out). */
export const MOBILENET_BLOCKS: readonly InvertedResidualSpec[] = [
  { out: 24, expand: 4, stride: 2 },
  { out: 24, expand: 4, stride: 1 },
  { out: 48, expand: 4, stride: 2 },
  { out: 48, expand: 4, stride: 1 },
];
const STEM_CHANNELS = 16;
const HEAD_CHANNELS = 128;

/**
 * A small MobileNetV2-style CNN for 28×28 MNIST (Sandler et al. 2018): a 3×3 stem, then inverted
 * residual blocks (1×1 expand → BN → ReLU6 → 3×3 DepthwiseConv2D → BN → ReLU6 → 1×1 project →
 * BN, linear, plus the block input when shapes match), a 1×1 head conv, global average pooling,
 * dense softmax. At full width 4.4 M MACs per digit and 49 k parameters (BN moving statistics included).
 *
 * Only the depthwise convolutions have strides (the stem and the 1×1 convolutions are stride 1).
 * tfjs-backend-wasm 4.22 has no depthwise gradients at all: train it on wasm after
 * `registerWasmTrainingKernels()` (@tfjs-prune/core/wasm-training). Initializers are seeded.
 */
export function mobilenetMnist(seed: number, options: CnnOptions = {}): tfl.LayersModel {
  const width = (n: number) => keptChannels(n, options.channels ?? 1);
  let next = 0;
  const init = () => tfl.initializers.heNormal({ seed: seed + next++ });
  const bn = (x: tfl.SymbolicTensor, name: string, relu6: boolean): tfl.SymbolicTensor => {
    const y = tfl.layers.batchNormalization({ name: `${name}_bn`, momentum: BATCH_NORM_MOMENTUM }).apply(x) as tfl.SymbolicTensor;
    return relu6 ? (tfl.layers.reLU({ name: `${name}_relu6`, maxValue: 6 }).apply(y) as tfl.SymbolicTensor) : y;
  };
  const pointwise = (x: tfl.SymbolicTensor, filters: number, name: string, relu6: boolean) =>
    bn(tfl.layers.conv2d({ name, filters, kernelSize: 1, useBias: false, kernelInitializer: init() }).apply(x) as tfl.SymbolicTensor, name, relu6);

  const input = tfl.input({ name: 'image', shape: [28, 28, 1] });
  const stem = tfl.layers.conv2d({ name: 'stem', filters: width(STEM_CHANNELS), kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init() });
  let x = bn(stem.apply(input) as tfl.SymbolicTensor, 'stem', true);
  let channels = STEM_CHANNELS;
  MOBILENET_BLOCKS.forEach((block, i) => {
    const name = `block${i + 1}`;
    const expanded = pointwise(x, width(channels * block.expand), `${name}_expand`, true);
    const depthwise = tfl.layers.depthwiseConv2d({
      name: `${name}_depthwise`,
      kernelSize: 3,
      strides: block.stride,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: init(),
    });
    const filtered = bn(depthwise.apply(expanded) as tfl.SymbolicTensor, `${name}_depthwise`, true);
    const projected = pointwise(filtered, width(block.out), `${name}_project`, false);
    x = block.stride === 1 && block.out === channels ? (tfl.layers.add({ name: `${name}_add` }).apply([x, projected]) as tfl.SymbolicTensor) : projected;
    channels = block.out;
  });
  const head = pointwise(x, width(HEAD_CHANNELS), 'head', true);
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(head);
  const logits = tfl.layers.dense({ name: 'logits', units: 10, activation: 'softmax', kernelInitializer: init() }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ name: 'mobilenet_mnist', inputs: input, outputs: logits });
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
