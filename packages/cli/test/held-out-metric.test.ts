import { describe, expect, it } from 'vitest';

import { describeMetric, heldOutMetric } from '../src/held-out-metric.js';
import { tf, tfl } from './support/tiny-models.js';

/** Logits = x (identity kernel) under a softmax: [1,0] and [0,1] are sure, [1,1] is a tie that argmax gives class 0. */
function identityClassifier(): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
  const weights = [tf.tensor2d([1, 0, 0, 1], [2, 2]), tf.zeros([2])];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

const sure = 1 / (1 + Math.exp(-1)); // softmax([1, 0])[0]

describe('heldOutMetric', () => {
  it('accuracy: argmax of the predictions against the labels; loss: categorical cross-entropy when the model is not compiled', async () => {
    const model = identityClassifier();
    const data = { x: tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]), y: tf.tensor2d([1, 0, 0, 1, 0, 1], [3, 2]) };
    const before = tf.memory().numTensors;
    expect(await heldOutMetric('accuracy', data).evaluate(model)).toBeCloseTo(2 / 3, 12);
    const loss = heldOutMetric('loss', data);
    expect(loss.higherIsBetter).toBe(false);
    expect(await loss.evaluate(model)).toBeCloseTo((2 * -Math.log(sure) + Math.log(2)) / 3, 6);
    expect(describeMetric('loss', model)).toBe('loss (categoricalCrossentropy; the model is not compiled)');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  /** A model.json with a training config is compiled by tfjs on load: its own loss is the one to report. */
  it("loss: the model's compiled loss when it has one", async () => {
    const model = identityClassifier();
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const data = { x: tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]), y: tf.tensor2d([1, 0, 0, 1, 0, 1], [3, 2]) };
    const before = tf.memory().numTensors;
    expect(await heldOutMetric('loss', data).evaluate(model)).toBeCloseTo((2 * (1 - sure) ** 2 + 0.25) / 3, 6);
    expect(describeMetric('loss', model)).toBe('loss (meanSquaredError)');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
