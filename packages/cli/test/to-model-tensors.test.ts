import { describe, expect, it } from 'vitest';

import { toModelTensors } from '../src/to-model-tensors.js';
import { tf, tfl } from './support/tiny-models.js';

const conv = () =>
  tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [2, 2, 1], filters: 1, kernelSize: 1 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });

describe('toModelTensors', () => {
  it("reshapes flat features to the model's input and one-hot encodes labels, leaving no tensor behind", async () => {
    const model = conv();
    const before = tf.memory().numTensors;
    const { x, y } = toModelTensors(model, { features: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), featuresPerSample: 4, labels: [2, 0], count: 2 }, 'test');
    expect(x.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(y.dtype).toBe('float32');
    expect(await y.array()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a label beyond the output classes, naming the sample, and creates nothing', () => {
    const model = conv();
    const before = tf.memory().numTensors;
    expect(() => toModelTensors(model, { features: new Float32Array(8), featuresPerSample: 4, labels: [0, 3], count: 2 }, 'csv:x.csv')).toThrow(
      'prune: csv:x.csv sample 1 has label 3, but the model has 3 output classes (0-2)',
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
