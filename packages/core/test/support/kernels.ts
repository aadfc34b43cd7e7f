import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { findPrunableWeights, type PrunableWeight } from '@tfjs-prune/core';

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
  return { model, target, bias: target.units!.bias! };
}

/** Row-major rows of a flat mask, for readable expectations. */
export function rows(mask: ArrayLike<number>, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < mask.length; i += width) out.push(Array.from(mask).slice(i, i + width));
  return out;
}
