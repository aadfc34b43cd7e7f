import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * LeNet-300-100 (LeCun et al. 1998), the MLP Han et al. 2015 prune to 8% of its weights.
 * Layer names match `examples/schedules/lenet-300-100.json`. Initializers are seeded so the
 * dense and pruned runs start from the same weights.
 */
export function lenet300100(seed: number, learningRate = 1e-3): tfl.Sequential {
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset });
  const model = tfl.sequential({
    name: 'lenet_300_100',
    layers: [
      tfl.layers.dense({ name: 'hidden1', units: 300, activation: 'relu', inputShape: [784], kernelInitializer: init(0) }),
      tfl.layers.dense({ name: 'hidden2', units: 100, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ name: 'logits', units: 10, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
