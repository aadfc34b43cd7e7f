import type * as tfl from '@tensorflow/tfjs-layers';

import { lenet5 } from '../lenet-5.js';
import { mobilenetMnist } from './mobilenet-mnist.js';
import { resnetMnist } from './resnet-mnist.js';

/** A CNN for 28×28×1 digits, built at a fraction of its channels (1 = the dense net). */
export type CnnBuilder = (seed: number, channels: number) => tfl.LayersModel;

/** The three CNNs of the speed benchmarks, by the name `--models` and the result files use. */
export const CNN_MODELS = {
  'lenet-5': { label: 'LeNet-5', create: (seed, channels) => lenet5(seed, 1e-3, channels) },
  resnet: { label: 'ResNet-style', create: (seed, channels) => resnetMnist(seed, { channels }) },
  mobilenet: { label: 'MobileNetV2-style', create: (seed, channels) => mobilenetMnist(seed, { channels }) },
} as const satisfies Record<string, { label: string; create: CnnBuilder }>;

export type CnnName = keyof typeof CNN_MODELS;
export const CNN_NAMES = Object.keys(CNN_MODELS) as CnnName[];
