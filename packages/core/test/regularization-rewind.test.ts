import { afterEach, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { layerWithConsumer, layerWithKernel, rows } from './support/kernels.js';
import { tinyMlp } from './support/models.js';
import { findPrunableWeights, MaskStore } from '@tfjs-prune/core';
import { block } from '../src/granularity/block.js';
import { learningRateOf, ProximalRegularizer } from '../src/regularization.js';
import { nOfM } from '../src/granularity/n-m.js';
import { RewindSnapshot } from '../src/rewind-snapshot.js';
import { structured } from '../src/granularity/structured.js';
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

  it('group-l1 zeroes whole groups below ηλ and shrinks the others by (1 − ηλ/‖g‖₂)', () => {
    // Columns (structured): norms 5 (3, 4), 0.5 (0.3, 0.4) and 13 (5, 12); ηλ = 1.
    const target = kernel([3, 0.3, 5, 4, 0.4, 12], [2, 3]);
    new ProximalRegularizer([target], { type: 'group-l1', strength: 10 }, structured()).step(0.1);
    const got = [...target.variable.dataSync()];
    const expected = [3 * 0.8, 0, 5 * (12 / 13), 4 * 0.8, 0, 12 * (12 / 13)];
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(got[1]).toBe(0);
    expect(got[4]).toBe(0);
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
