import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { tinyMlp } from './support/models.js';
import { findPrunableWeights, formatSparsityReport, MaskStore, sparsityReport, updateMasks } from '@tfjs-prune/core';
import { magnitude } from '../src/criteria/magnitude.js';

function denseWithKernel(values: number[][]): tfl.Sequential {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: values[0]!.length, inputShape: [values.length], name: 'd', useBias: false })],
  });
  const kernel = tf.tensor2d(values);
  model.layers[0]!.setWeights([kernel]);
  kernel.dispose();
  return model;
}

describe('updateMasks with the magnitude criterion', () => {
  it('prunes the smallest |w| of a layer, exactly round(s*n) of them', () => {
    const model = denseWithKernel([
      [0.5, -0.1, 0.3],
      [-0.9, 0.2, -0.05],
    ]);
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    const [update] = updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.5 });
    expect(update).toEqual({ layer: 'd', path: 'd', weight: 'kernel', size: 6, targetSparsity: 0.5, sparsity: 0.5 });
    expect([...store.keepMask(targets[0]!)!]).toEqual([1, 0, 1, 1, 0, 0]);
    expect(store.prunedCount(targets[0]!)).toBe(3);
    expect(Array.from(targets[0]!.variable.dataSync())).toEqual([0.5, 0, 0.30000001192092896, -0.8999999761581421, 0, 0]);
    store.dispose();
    model.dispose();
  });

  it('keeps earlier prunings when the sparsity rises', () => {
    const model = denseWithKernel([[1, 2, 3, 4]]);
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.25 });
    // Regrow the pruned weight above everything else: it must stay pruned anyway.
    const regrown = tf.tensor2d([[10, 2, 3, 4]]);
    targets[0]!.variable.assign(regrown);
    regrown.dispose();
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.5 });
    expect([...store.keepMask(targets[0]!)!]).toEqual([0, 0, 1, 1]);
    store.dispose();
    model.dispose();
  });

  it('reaches the total with global scope, ranking across layers', () => {
    const model = tinyMlp();
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    const updates = updateMasks(store, targets, { criterion: magnitude, scope: 'global', sparsity: 0.6 });
    const total = targets.reduce((s, t) => s + t.size, 0);
    const pruned = updates.reduce((s, u) => s + Math.round(u.sparsity * u.size), 0);
    expect(total).toBe(24 + 30 + 15);
    expect(pruned).toBe(Math.round(0.6 * 69));
    expect(updates.map((u) => u.sparsity)).not.toEqual([0.6, 0.6, 0.6]);
    store.dispose();
    model.dispose();
  });

  it('names the layer when a weight is NaN or infinite', () => {
    const model = denseWithKernel([[1, NaN]]);
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    expect(() => updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.5 })).toThrow(
      'layer "d" weight "kernel" holds NaN at flat index 1: cannot rank non-finite weights for pruning ' +
        '(training has probably diverged; lower the learning rate or check the inputs)',
    );
    store.dispose();
    model.dispose();
  });

  it('rejects sparsities outside [0, 1)', () => {
    const model = denseWithKernel([[1, 2]]);
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    for (const sparsity of [1, -0.1, NaN]) {
      expect(() => updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity })).toThrow(
        `sparsity must be in [0, 1) (got ${sparsity})`,
      );
    }
    store.dispose();
    model.dispose();
  });

  it('leaks no tensors across updates', () => {
    const model = tinyMlp();
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.2 });
    const before = tf.memory().numTensors;
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.5 });
    updateMasks(store, targets, { criterion: magnitude, scope: 'global', sparsity: 0.7 });
    expect(tf.memory().numTensors).toBe(before);
    store.dispose();
    model.dispose();
  });
});

describe('sparsityReport', () => {
  it('counts exact zeros per weight, for prunable weights and for the whole model', () => {
    const model = denseWithKernel([
      [0, 1],
      [2, 0],
      [0, 0],
    ]);
    const report = sparsityReport(model);
    expect(report.weights).toEqual([
      { layer: 'd', path: 'd', layerClass: 'Dense', weight: 'kernel', shape: [3, 2], size: 6, zeros: 4, sparsity: 4 / 6, prunable: true },
    ]);
    expect(report.total).toEqual({ params: 6, zeros: 4, nonzeros: 2, sparsity: 4 / 6 });
    expect(formatSparsityReport(report)).toBe(
      [
        'layer             weight  shape  params  nonzero  sparsity',
        '----------------  ------  -----  ------  -------  --------',
        'd                 kernel  3x2         6        2     66.7%',
        'prunable weights                      6        2     66.7%',
        'all weights                           6        2     66.7%',
      ].join('\n'),
    );
    model.dispose();
  });

  it('includes biases as non-prunable', () => {
    const model = tinyMlp();
    const report = sparsityReport(model);
    expect(report.weights.map((w) => `${w.layer}/${w.weight}:${w.prunable}`)).toEqual([
      'hidden1/kernel:true',
      'hidden1/bias:false',
      'hidden2/kernel:true',
      'hidden2/bias:false',
      'logits/kernel:true',
      'logits/bias:false',
    ]);
    expect(report.prunable.params).toBe(69);
    expect(report.total.params).toBe(69 + 6 + 5 + 3);
    model.dispose();
  });
});
