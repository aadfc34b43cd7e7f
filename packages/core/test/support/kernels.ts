import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { type ChannelTargets, findPrunableWeights, MaskStore, type PrunableWeight, structuredTargets } from '@tfjs-prune/core';

/** A one-layer model holding exactly `kernel` (and `bias`, default 1 + unit index), for hand-computed masks. */
export function layerWithKernel(
  kind: 'dense' | 'conv2d' | 'conv2dTranspose',
  kernel: number[],
  shape: number[],
  bias?: number[],
): { model: tfl.LayersModel; target: PrunableWeight; bias: tf.Variable } {
  const units = kind === 'conv2dTranspose' ? (shape[shape.length - 2] as number) : (shape[shape.length - 1] as number);
  const layer =
    kind === 'dense'
      ? tfl.layers.dense({ units, inputShape: [shape[0] as number], name: 'layer' })
      : kind === 'conv2d'
        ? tfl.layers.conv2d({ filters: units, kernelSize: [shape[0]!, shape[1]!], inputShape: [4, 4, shape[2]!], name: 'layer' })
        : tfl.layers.conv2dTranspose({ filters: units, kernelSize: [shape[0]!, shape[1]!], inputShape: [4, 4, shape[3]!], name: 'layer' });
  const model = tfl.sequential({ layers: [layer] });
  const k = tf.tensor(kernel, shape);
  const b = tf.tensor1d(bias ?? Array.from({ length: units }, (_, i) => 1 + i));
  model.layers[0]!.setWeights([k, b]);
  tf.dispose([k, b]);
  const target = findPrunableWeights(model)[0]!;
  return { model, target, bias: model.layers[0]!.weights[1]!.read() as tf.Variable };
}

/**
 * `kernel` and `bias` (default 1 + unit index) in a layer named `layer` whose channels feed a
 * consumer named `next` with an all-zero kernel and bias (Dense(1), or a 1×1 Conv2D with one
 * filter): the smallest model whose channels "structured" can prune, since a model's own outputs
 * keep their channels. With zeros in the consumer, a channel group's norm is its kernel column's
 * and its bias entry's. The store holds every weight of the channel groups.
 */
export function layerWithConsumer(
  kind: 'dense' | 'conv2d' | 'conv2dTranspose',
  kernel: number[],
  shape: number[],
  bias?: number[],
): {
  model: tfl.LayersModel;
  target: PrunableWeight;
  biasTarget: PrunableWeight;
  consumer: PrunableWeight;
  channels: ChannelTargets;
  store: MaskStore;
} {
  const { model: single, target: singleTarget } = layerWithKernel(kind, kernel, shape, bias);
  const next = kind === 'dense' ? tfl.layers.dense({ units: 1, name: 'next' }) : tfl.layers.conv2d({ filters: 1, kernelSize: 1, name: 'next' });
  const model = tfl.sequential({ layers: [single.layers[0]!, next] });
  const zeros = next.getWeights().map((w) => tf.zerosLike(w));
  next.setWeights(zeros);
  tf.dispose(zeros);
  const channels = structuredTargets(model, findPrunableWeights(model, { include: ['layer'] }));
  const byName = (path: string, weight: string) => channels.weights.find((w) => w.path === path && w.weight === weight)!;
  const target = byName('layer', singleTarget.weight);
  return { model, target, biasTarget: byName('layer', 'bias'), consumer: byName('next', 'kernel'), channels, store: new MaskStore(channels.weights) };
}

/** Row-major rows of a flat mask, for readable expectations. */
export function rows(mask: ArrayLike<number>, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < mask.length; i += width) out.push(Array.from(mask).slice(i, i + width));
  return out;
}
