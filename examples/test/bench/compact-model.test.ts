import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { PruningCallback } from '@tfjs-prune/callbacks';

import { compactPruningConfig } from '../../src/bench/compact-config.js';
import { compactModel, inferenceModel } from '../../src/bench/compact-model.js';

/**
 * The bench's one call into @tfjs-prune/compact: a Dense layer with two of its four units zeroed
 * (kernel columns and biases, as the stripped pruned model has them) must come back two units
 * narrower, with the logits' input rows of those units gone, the same predictions, and the
 * input model untouched.
 */
describe('compactModel', () => {
  it('removes the zeroed units of a stripped model and keeps its predictions', async () => {
    const model = tfl.sequential({
      name: 'tiny',
      layers: [tfl.layers.dense({ name: 'hidden', units: 4, inputShape: [3], activation: 'relu' }), tfl.layers.dense({ name: 'logits', units: 2 })],
    });
    const hidden = model.getLayer('hidden');
    const [kernel, bias] = hidden.getWeights() as [tf.Tensor, tf.Tensor];
    const keep = tf.tensor1d([1, 0, 1, 0]);
    const zeroed = [tf.mul(kernel, keep), tf.mul(bias, keep)];
    hidden.setWeights(zeroed);
    tf.dispose([keep, ...zeroed]);
    const before = tf.memory().numTensors;
    const { model: compacted, report } = await compactModel(model);
    expect(compacted.getLayer('hidden').getWeights()[0]?.shape).toEqual([3, 2]);
    expect(compacted.getLayer('logits').getWeights()[0]?.shape).toEqual([2, 2]);
    expect(model.countParams() - compacted.countParams()).toBe(2 * 3 + 2 + 2 * 2);
    expect(report?.layers.find((l) => l.layer === 'hidden')).toMatchObject({ before: 4, after: 2 });
    const x = tf.tensor2d([[0.5, -1, 2], [1, 0.25, -0.5]]);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, compacted.predict(x) as tf.Tensor))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-6);
    x.dispose();
    compacted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('inferenceModel', () => {
  it('folds every BatchNormalization of a Conv2D → BN → ReLU net and keeps its predictions', async () => {
    const input = tfl.input({ shape: [5, 5, 1] });
    const conv = tfl.layers.conv2d({ filters: 3, kernelSize: 3, useBias: false }).apply(input) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization({ movingMeanInitializer: 'ones', movingVarianceInitializer: 'ones', betaInitializer: 'ones' }).apply(conv) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: tfl.layers.flatten().apply(tfl.layers.reLU().apply(bn)) as tfl.SymbolicTensor });
    const { model: folded, folded: count } = await inferenceModel(model);
    expect(count).toBe(1);
    expect(folded.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Conv2D', 'ReLU', 'Flatten']);
    const x = tf.randomNormal([2, 5, 5, 1], 0, 1, 'float32', 1);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, folded.predict(x) as tf.Tensor))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose(x);
    folded.dispose();
    model.dispose();
  });
});

describe('compactPruningConfig', () => {
  it('is a config PruningCallback accepts, pruning every Conv2D and hidden Dense layer by channels', () => {
    const config = compactPruningConfig(0.75, 3);
    expect(() => new PruningCallback(config)).not.toThrow();
    expect(config).toEqual({
      pruners: [
        {
          name: 'channels',
          layers: { classes: ['Conv2D', 'Dense'], exclude: ['logits'] },
          criterion: 'magnitude',
          granularity: { type: 'structured', norm: 'l2' },
          scope: 'layer',
          schedule: { type: 'polynomial-decay', finalSparsity: 0.75, startEpoch: 0, endEpoch: 1 },
        },
      ],
    });
  });

  it('refuses fewer than 2 epochs (no epoch would fine-tune after the last mask update)', () => {
    expect(() => compactPruningConfig(0.5, 1)).toThrow('the compact benchmark needs at least 2 epochs (got 1)');
  });
});
