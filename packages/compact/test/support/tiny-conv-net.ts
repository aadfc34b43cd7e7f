import * as tfl from '@tensorflow/tfjs-layers';

import { seedWeights } from './seeded.js';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor) => layer.apply(x) as tfl.SymbolicTensor;

/**
 * conv 24 → BN → ReLU → conv 48 → ReLU → maxpool → conv 64 → GAP → dense 10, seeded: layers of
 * unequal cost per channel, which budget tests need (1,148,032 MACs, 39,546 parameters).
 * `softmax` puts a softmax on the logits, for a model that trains with cross-entropy.
 */
export function tinyConvNet({ softmax = false }: { readonly softmax?: boolean } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  let x = apply(L.conv2d({ name: 'c1', filters: 24, kernelSize: 3, padding: 'same' }), input);
  x = apply(L.batchNormalization({ name: 'bn1' }), x);
  x = apply(L.reLU({}), x);
  x = apply(L.conv2d({ name: 'c2', filters: 48, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  x = apply(L.maxPooling2d({ poolSize: 2 }), x);
  x = apply(L.conv2d({ name: 'c3', filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  x = apply(L.globalAveragePooling2d({}), x);
  const logits = L.dense({ name: 'logits', units: 10, ...(softmax ? { activation: 'softmax' as const } : {}) });
  const model = tfl.model({ inputs: input, outputs: apply(logits, x) });
  seedWeights(model, 3);
  return model;
}
