import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { tinyData, tinyMlp, zerosOf } from './support/models.js';
import { findPrunableWeights, MaskStore, OptimizerHook } from '@tfjs-prune/core';

/** Masks the first `count` entries of every prunable kernel of the tiny MLP. */
function pruneFirst(store: MaskStore, count: number): void {
  for (const target of store.targets) {
    const keep = new Uint8Array(target.size).fill(1).fill(0, 0, count);
    store.setMask(target, keep);
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function kernelZeros(model: tfl.LayersModel): number[] {
  return findPrunableWeights(model).map((t) => zerosOf(t.variable));
}

describe('OptimizerHook with MaskStore', () => {
  const disposables: { dispose(): void }[] = [];
  afterEach(() => disposables.splice(0).forEach((d) => d.dispose()));

  function setup() {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
    const store = new MaskStore(findPrunableWeights(model));
    const hook = new OptimizerHook(model, () => store.apply());
    const data = tinyData();
    disposables.push(model, store, data.x, data.y);
    return { model, store, hook, ...data };
  }

  it('zeroes pruned weights as soon as a mask is set', () => {
    const { model, store } = setup();
    pruneFirst(store, 3);
    expect(kernelZeros(model)).toEqual([3, 3, 3]);
  });

  it('re-applies masks after every optimizer step, in trainOnBatch and in a custom minimize loop', async () => {
    const { model, store, hook, x, y } = setup();
    pruneFirst(store, 3);
    hook.attach();
    await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual([3, 3, 3]);
    const optimizer = model.optimizer;
    for (let step = 0; step < 3; step++) {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar);
      expect(kernelZeros(model)).toEqual([3, 3, 3]);
    }
  });

  it('is what keeps weights pruned: without it, a step regrows them', async () => {
    const { model, store, x, y } = setup();
    pruneFirst(store, 3);
    await model.trainOnBatch(x, y);
    expect(sum(kernelZeros(model))).toBeLessThan(9);
  });

  it('follows a recompile to the new optimizer and releases the old one', async () => {
    const { model, store, hook, x, y } = setup();
    const oldOptimizer = model.optimizer;
    pruneFirst(store, 2);
    hook.attach();
    model.compile({ optimizer: tf.train.adam(0.1), loss: 'categoricalCrossentropy' });
    expect(hook.hookedOptimizer).toBe(model.optimizer);
    expect(Object.prototype.hasOwnProperty.call(oldOptimizer, 'applyGradients')).toBe(false);
    await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual([2, 2, 2]);
  });

  it('hooks an optimizer that appears only after attach (compile after attach)', async () => {
    const model = tinyMlp();
    const store = new MaskStore(findPrunableWeights(model));
    const { x, y } = tinyData();
    disposables.push(model, store, x, y);
    const hook = new OptimizerHook(model, () => store.apply());
    hook.attach();
    pruneFirst(store, 1);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual([1, 1, 1]);
  });

  it('detach restores the original methods and stops enforcement', async () => {
    const { model, store, hook, x, y } = setup();
    pruneFirst(store, 3);
    hook.attach();
    hook.detach();
    expect(Object.prototype.hasOwnProperty.call(model.optimizer, 'applyGradients')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(model, 'compile')).toBe(false);
    await model.trainOnBatch(x, y);
    expect(sum(kernelZeros(model))).toBeLessThan(9);
  });

  it('keeps working as a pass-through when something wrapped the optimizer after it', async () => {
    const { model, store, hook, x, y } = setup();
    pruneFirst(store, 3);
    hook.attach();
    const ours = model.optimizer.applyGradients;
    let outerCalls = 0;
    model.optimizer.applyGradients = function (this: tf.Optimizer, g) {
      outerCalls++;
      return ours.call(this, g);
    };
    hook.detach();
    await model.trainOnBatch(x, y);
    expect(outerCalls).toBe(1);
    expect(sum(kernelZeros(model))).toBeLessThan(9);
  });

  it('applyWithPositiveZeros leaves no -0 behind (it would defeat gzip on saved weights)', async () => {
    const { model, store, hook, x, y } = setup();
    pruneFirst(store, 3);
    hook.attach();
    await model.trainOnBatch(x, y);
    store.applyWithPositiveZeros();
    const negativeZeros = findPrunableWeights(model).flatMap((t) => Array.from(t.variable.dataSync()).filter((v) => Object.is(v, -0)));
    expect(negativeZeros).toEqual([]);
    expect(kernelZeros(model)).toEqual([3, 3, 3]);
  });

  it('creates no tensors per step', async () => {
    const { model, store, hook, x, y } = setup();
    pruneFirst(store, 3);
    hook.attach();
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds one byte per masked weight, and frees it on dispose', () => {
    const { store } = setup();
    expect(store.bytes).toBe(0);
    pruneFirst(store, 1);
    expect(store.bytes).toBe(4 * 6 + 6 * 5 + 5 * 3);
    const before = tf.memory().numTensors;
    store.dispose();
    expect(tf.memory().numTensors).toBe(before - 3);
  });
});
