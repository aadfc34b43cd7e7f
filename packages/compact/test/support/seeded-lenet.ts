import * as tfl from '@tensorflow/tfjs-layers';

import { seedWeights } from './seeded.js';

const L = tfl.layers;

/**
 * LeNet-300-100 (784 → 300 → 100 → 10), the demo's MLP, seeded: budget tests pin the channels
 * it keeps (266,200 MACs, 266,610 parameters). `softmax` puts a softmax on the logits, for a
 * model that trains with cross-entropy.
 */
export function seededLenet({ softmax = false }: { readonly softmax?: boolean } = {}): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      L.dense({ name: 'fc1', units: 300, inputShape: [784], activation: 'relu' }),
      L.dense({ name: 'fc2', units: 100, activation: 'relu' }),
      L.dense({ name: 'logits', units: 10, ...(softmax ? { activation: 'softmax' as const } : {}) }),
    ],
  });
  seedWeights(model, 5);
  return model;
}
