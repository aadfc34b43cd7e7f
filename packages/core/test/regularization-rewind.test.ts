import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { layerWithConsumer, layerWithKernel, rows } from './support/kernels.js';
import { tinyMlp } from './support/models.js';
import { channelGraph, createGranularity, findPrunableWeights, MaskStore } from '@tfjs-prune/core';
import { channelTargets } from '../src/channel-graph/channel-targets.js';
import { block } from '../src/granularity/block.js';
import { learningRateOf, ProximalRegularizer } from '../src/regularization.js';
import { nOfM } from '../src/granularity/n-m.js';
import { RewindSnapshot } from '../src/rewind-snapshot.js';
import { unstructured } from '../src/granularity/unstructured.js';

describe('ProximalRegularizer', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function kernel(values: number[], shape: number[]) {
    const made = layerWithKernel('dense', values, shape);
    owned.push(made.model);
    return made.target;
  }

  it('l1 soft-thresholds by ηλ and leaves exact zeros', () => {
    const target = kernel([0.5, -0.05, 0.1, -0.3, 0.02, 0], [2, 3]);
    new ProximalRegularizer([target], { type: 'l1', strength: 1 }, unstructured).step(0.1);
    const expected = [0.4, 0, 0, -0.2, 0, 0].map(Math.fround);
    expect([...target.variable.dataSync()].map((v, i) => Math.abs(v - expected[i]!) < 1e-7)).toEqual(new Array(6).fill(true));
    expect([...target.variable.dataSync()].filter((v) => v === 0).length).toBe(4);
  });

  it('l2 shrinks every weight by exactly (1 − ηλ)', () => {
    const values = [0.5, -0.25, 2, -1];
    const target = kernel(values, [2, 2]);
    new ProximalRegularizer([target], { type: 'l2', strength: 0.5 }, unstructured).step(0.2);
    const factor = Math.fround(1 - 0.2 * 0.5);
    expect([...target.variable.dataSync()]).toEqual(values.map((v) => Math.fround(Math.fround(v) * factor)));
  });

  it('group-l1 follows blocks (partial edges too) and n:m groups', () => {
    // 3×3 kernel, 2×2 blocks: the top-left block and the bottom-right corner are small.
    const target = kernel([0.1, 0.1, 5, 0.1, 0.1, 5, 5, 5, 0.2], [3, 3]);
    new ProximalRegularizer([target], { type: 'group-l1', strength: 1 }, block([2, 2])).step(0.5);
    expect(rows([...target.variable.dataSync()].map((v) => (v === 0 ? 0 : 1)), 3)).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [1, 1, 0],
    ]);
    const nm = kernel([0.1, 3, 0.1, 3, 4, 0.2], [3, 2]);
    new ProximalRegularizer([nm], { type: 'group-l1', strength: 1 }, nOfM(1, 2)).step(0.5);
    // Groups of 2 inputs per column: column 0 rows 0-1 (0.1, 0.1) go, row 2 (4) stays; column
    // 1 rows 0-1 (3, 3) stay, row 2 (0.2) goes.
    expect(rows([...nm.variable.dataSync()].map((v) => (v === 0 ? 0 : 1)), 2)).toEqual([
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
  });

  it('group-l1 needs groups: unstructured is refused with the fix', () => {
    const target = kernel([1, 2], [1, 2]);
    expect(() => new ProximalRegularizer([target], { type: 'group-l1', strength: 1 }, unstructured)).toThrow(
      '"group-l1" needs groups, and granularity "unstructured" has none: use "l1" for unstructured pruning',
    );
  });

  it('creates no tensors per step', () => {
    const target = kernel([1, 2, 3, 4, 5, 6], [3, 2]);
    const regs = [
      new ProximalRegularizer([target], { type: 'l1', strength: 0.01 }, unstructured),
      new ProximalRegularizer([target], { type: 'group-l1', strength: 0.01 }, block([2, 2])),
    ];
    const before = tf.memory().numTensors;
    for (const r of regs) r.step(0.1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads the learning rate of tfjs optimizers and refuses optimizers without one', () => {
    expect(learningRateOf(tf.train.sgd(0.25))).toBe(0.25);
    expect(learningRateOf(tf.train.adam(0.003))).toBe(0.003);
    const custom = { getClassName: () => 'MyOptimizer' } as unknown as tf.Optimizer;
    expect(() => learningRateOf(custom)).toThrow(
      'regularization needs the optimizer\'s learning rate, but this MyOptimizer has no numeric "learningRate" property',
    );
  });
});

/**
 * d1 (2→3, bias) → bn → d2 (3→2), every weight set by hand. Channel c of d1 is one group: d1's
 * kernel column c and bias c, bn's γ c and β c, d2's kernel row c (bn's moving statistics go
 * with it but are not masked, so regularization leaves them alone).
 */
function denseBnDense(weights: { kernel: number[][]; bias: number[]; gamma: number[]; beta: number[]; consumer: number[][] }) {
  const L = tfl.layers;
  const model = tfl.sequential({ layers: [L.dense({ units: 3, inputShape: [2], name: 'd1' }), L.batchNormalization({ name: 'bn' }), L.dense({ units: 2, name: 'd2' })] });
  const set = (layer: string, values: tf.Tensor[]) => {
    model.getLayer(layer).setWeights(values);
    tf.dispose(values);
  };
  set('d1', [tf.tensor2d(weights.kernel), tf.tensor1d(weights.bias)]);
  set('bn', [tf.tensor1d(weights.gamma), tf.tensor1d(weights.beta), tf.tensor1d([0.5, 1.5, 2.5]), tf.tensor1d([1, 2, 3])]);
  set('d2', [tf.tensor2d(weights.consumer), tf.tensor1d([0.5, -0.5])]);
  return model;
}

/** Every weight of `model` by `layer/weight`, as plain arrays. */
function valuesOf(model: tfl.LayersModel): Record<string, number[]> {
  return Object.fromEntries(model.layers.flatMap((l) => l.weights.map((w) => [`${l.name}/${w.originalName.split('/').pop()}`, [...w.read().dataSync()]])));
}

/** The channel groups of d1, as bindPruners builds them for a structured pruner selecting d1. */
function d1Channels(model: tfl.LayersModel) {
  return channelTargets(model, channelGraph(model), ['d1'], findPrunableWeights(model, { include: ['d1'] }));
}

describe('group-l1 with "structured": the group lasso over whole channel groups', () => {
  const structured = createGranularity({ type: 'structured' });

  /**
   * ηλ = 0.5·2 = 1. Group norms over all 7 masked entries (2 kernel, bias, γ, β, 2 consumer):
   * #0 √(1+1+1+1+4+4+4) = 4 → ×0.75; #1 √(7/64) ≈ 0.33 < 1 → zero; #2 √(16+16+4+4+4+4+16) = 8 → ×0.875.
   * Every value is dyadic, so float32 gives the hand results exactly.
   */
  it('shrinks every masked member of a channel by one factor, zeroes the small channel everywhere, leaves moving statistics', () => {
    const model = denseBnDense({
      kernel: [[1, 0.125, 4], [1, 0.125, 4]],
      bias: [1, 0.125, 2],
      gamma: [1, 0.125, 2],
      beta: [2, 0.125, 2],
      consumer: [[2, 2], [0.125, 0.125], [2, 4]],
    });
    const baseline = tf.memory().numTensors;
    const regularizer = new ProximalRegularizer([], { type: 'group-l1', strength: 2 }, structured, d1Channels(model));
    const owned = tf.memory().numTensors;
    regularizer.step(0.5);
    expect(valuesOf(model)).toStrictEqual({
      'd1/kernel': [0.75, 0, 3.5, 0.75, 0, 3.5],
      'd1/bias': [0.75, 0, 1.75],
      'bn/gamma': [0.75, 0, 1.75],
      'bn/beta': [1.5, 0, 1.75],
      'd2/kernel': [1.5, 1.5, 0, 0, 1.75, 3.5],
      'd2/bias': [0.5, -0.5],
      'bn/moving_mean': [0.5, 1.5, 2.5],
      'bn/moving_variance': [1, 2, 3],
    });
    regularizer.step(0.5);
    regularizer.step(0.5);
    expect(tf.memory().numTensors).toBe(owned);
    // A zeroed channel stays zero: its norm is 0, its factor max(0, 1 − ηλ/0) = 0.
    expect(valuesOf(model)['d2/kernel']!.slice(2, 4)).toStrictEqual([0, 0]);
    regularizer.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    regularizer.step(0.5);
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });

  /**
   * bn frozen (trainable: false): γ = β = 10 would dominate every norm, but an optimizer never
   * moves them, so regularization neither counts nor shrinks them. ηλ = 1; norms over kernel
   * column, bias, consumer row: #0 √(1+1+1+1+0) = 2 → ×0.5; #1 √(4+4+0+4+4) = 4 → ×0.75;
   * #2 √(5/16) ≈ 0.56 → zero (with γ and β it would be ≈ 14.2 and survive).
   */
  it('leaves frozen members out of both the norm and the shrink', () => {
    const model = denseBnDense({
      kernel: [[1, 2, 0.25], [1, 2, 0.25]],
      bias: [1, 0, 0.25],
      gamma: [10, 10, 10],
      beta: [10, 10, 10],
      consumer: [[1, 0], [2, 2], [0.25, 0.25]],
    });
    model.getLayer('bn').trainable = false;
    const regularizer = new ProximalRegularizer([], { type: 'group-l1', strength: 1 }, structured, d1Channels(model));
    regularizer.step(1);
    expect(valuesOf(model)).toStrictEqual({
      'd1/kernel': [0.5, 1.5, 0, 0.5, 1.5, 0],
      'd1/bias': [0.5, 0, 0],
      'd2/kernel': [0.5, 0, 1.5, 1.5, 0, 0],
      'd2/bias': [0.5, -0.5],
      'bn/gamma': [10, 10, 10],
      'bn/beta': [10, 10, 10],
      'bn/moving_mean': [0.5, 1.5, 2.5],
      'bn/moving_variance': [1, 2, 3],
    });
    regularizer.dispose();
    model.dispose();
  });

  it('refuses "structured" without the channel groups, and never asks the granularity for a layout', () => {
    const model = denseBnDense({ kernel: [[1, 1, 1], [1, 1, 1]], bias: [1, 1, 1], gamma: [1, 1, 1], beta: [1, 1, 1], consumer: [[1, 1], [1, 1], [1, 1]] });
    const targets = findPrunableWeights(model, { include: ['d1'] });
    expect(() => new ProximalRegularizer(targets, { type: 'group-l1', strength: 1 }, structured)).toThrow(
      '"group-l1" with granularity "structured" shrinks whole channel groups, and none were given: ' +
        "pass the pruner's channel groups (structuredTargets(model, targets)) as the fourth argument",
    );
    const noLayout = { ...structured, layout: () => expect.unreachable('layout') };
    new ProximalRegularizer(targets, { type: 'group-l1', strength: 1 }, noLayout, d1Channels(model)).dispose();
    model.dispose();
  });
});

describe('RewindSnapshot', () => {
  it('puts surviving weights back exactly to the snapshot and keeps pruned ones at zero', () => {
    const model = tinyMlp();
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    const snapshot = new RewindSnapshot(targets);
    snapshot.capture();
    const initial = targets.map((t) => [...t.variable.dataSync()]);
    for (const t of targets) tf.tidy(() => t.variable.assign(tf.mul(t.variable, tf.scalar(3))));
    const keep = (t: (typeof targets)[number]) => Uint8Array.from({ length: t.size }, (_, i) => (i % 3 === 0 ? 0 : 1));
    for (const t of targets) store.setMask(t, keep(t));
    const before = tf.memory().numTensors;
    snapshot.rewind(store);
    expect(tf.memory().numTensors).toBe(before);
    targets.forEach((t, i) => {
      expect([...t.variable.dataSync()]).toEqual(initial[i]!.map((v, j) => (j % 3 === 0 ? 0 : v)));
    });
    const state = snapshot.stateTensors();
    expect([...state.keys()]).toEqual(['rewind/hidden1/kernel', 'rewind/hidden2/kernel', 'rewind/logits/kernel']);
    const restored = new RewindSnapshot(targets);
    restored.restoreState(state);
    expect(restored.captured).toBe(true);
    tf.dispose([...state.values()]);
    for (const s of [snapshot, restored, store, model]) s.dispose();
  });
});

describe('MaskStore state', () => {
  it('round-trips kernel and bias masks through stateTensors / restoreState', () => {
    // A bias is a target of its own (a channel group's member), with its own key.
    const { model, target, biasTarget, store } = layerWithConsumer('dense', [1, 2, 3, 4, 5, 6], [2, 3]);
    store.setMask(target, Uint8Array.from([1, 0, 1, 1, 0, 1]));
    store.setMask(biasTarget, Uint8Array.from([1, 0, 1]));
    const state = store.stateTensors();
    expect([...state.keys()]).toEqual(['mask/layer/kernel', 'mask/layer/bias']);
    expect(state.get('mask/layer/kernel')!.dtype).toBe('bool');

    const other = layerWithConsumer('dense', [1, 2, 3, 4, 5, 6], [2, 3]);
    const restored = other.store;
    restored.restoreState(state);
    expect([...restored.keepMask(other.target)!]).toEqual([1, 0, 1, 1, 0, 1]);
    expect([...other.biasTarget.variable.dataSync()]).toEqual([1, 0, 3]);
    expect(restored.prunedCount(other.target)).toBe(2);
    expect([...biasTarget.variable.dataSync()]).toEqual([1, 0, 3]);

    const empty = new Map<string, tf.Tensor>();
    restored.restoreState(empty);
    expect(restored.keepMask(other.target)).toBeUndefined();
    const wrong = new Map([['mask/layer/kernel', tf.ones([3, 2], 'bool')]]);
    expect(() => restored.restoreState(wrong)).toThrow(
      'pruning state "mask/layer/kernel" has shape [3, 2], the model\'s weight has [2, 3]: the state was saved from a different model',
    );
    tf.dispose([...state.values(), ...wrong.values()]);
    for (const d of [store, restored, model, other.model]) d.dispose();
  });
});
