import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { tinyData, tinyMlp } from './support/models.js';
import { findPrunableWeights, GradientAccumulator, MaskStore, OptimizerHook } from '@tfjs-prune/core';
import { gradient } from '../src/criteria/gradient.js';
import { lossGradients } from '../src/calibration-gradients.js';
import { movement } from '../src/criteria/movement.js';
import { taylor } from '../src/criteria/taylor.js';

function closeTo(actual: Float32Array, expected: Float32Array, tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!) / Math.max(1, Math.abs(expected[i]!))));
  expect(worst).toBeLessThan(tolerance);
}

describe('GradientAccumulator fed by OptimizerHook.beforeStep', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  /**
   * The accumulated statistics must be what the criteria's definitions say, computed from the
   * gradients the optimizer received and the weights before each step. The reference takes
   * them with tf.variableGrads on the same batches, independently of the hook.
   */
  it('accumulates mean |g|, mean |w·g| and Σ w·g equal to independently computed gradients', () => {
    const model = tinyMlp();
    const optimizer = tf.train.sgd(0.3);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const targets = findPrunableWeights(model);
    const accumulators = [gradient, taylor, movement].map((c) => new GradientAccumulator(targets, c.gradientStatistic!));
    const hook = new OptimizerHook(model, () => undefined, (g) => GradientAccumulator.accumulateAll(accumulators, g));
    hook.attach();
    owned.push(model, ...accumulators, { dispose: () => hook.detach() });

    const batches = [1, 2, 3].map((seed) => tinyData(8, seed));
    const loss = (x: tf.Tensor, y: tf.Tensor) => () => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar;
    const expected = targets.map((t) => ({ absG: new Float32Array(t.size), absWG: new Float32Array(t.size), wg: new Float32Array(t.size) }));
    for (const { x, y } of batches) {
      const { value, grads } = tf.variableGrads(loss(x, y), targets.map((t) => t.variable));
      targets.forEach((t, i) => {
        const g = grads[t.variable.name]!.dataSync();
        const w = t.variable.dataSync();
        const e = expected[i]!;
        for (let j = 0; j < t.size; j++) {
          e.absG[j]! += Math.abs(g[j]!) / batches.length;
          e.absWG[j]! += Math.abs(w[j]! * g[j]!) / batches.length;
          e.wg[j]! += w[j]! * g[j]!;
        }
      });
      tf.dispose([value, ...Object.values(grads)]);
      tf.dispose(optimizer.minimize(loss(x, y), false, targets.map((t) => t.variable)) ?? []);
    }
    const [g, wg, mv] = accumulators.map((a) => a.statistics());
    expect(accumulators.map((a) => a.stepsSinceUpdate)).toEqual([3, 3, 3]);
    targets.forEach((t, i) => {
      closeTo(g!.get(t)!, expected[i]!.absG);
      closeTo(wg!.get(t)!, expected[i]!.absWG);
      closeTo(mv!.get(t)!, expected[i]!.wg);
    });
    batches.forEach(({ x, y }) => tf.dispose([x, y]));
  });

  it('markUpdate restarts mean windows but keeps the movement sum; no tensors per step or update', async () => {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    const mean = new GradientAccumulator(targets, taylor.gradientStatistic!);
    const sum = new GradientAccumulator(targets, movement.gradientStatistic!);
    const hook = new OptimizerHook(model, () => store.apply(), (g) => GradientAccumulator.accumulateAll([mean, sum], g));
    hook.attach();
    const { x, y } = tinyData(16);
    owned.push(model, store, mean, sum, x, y, { dispose: () => hook.detach() });
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    const sumBefore = sum.statistics().get(targets[0]!)!;
    mean.markUpdate();
    sum.markUpdate();
    expect(tf.memory().numTensors).toBe(before);
    expect(mean.stepsSinceUpdate).toBe(0);
    expect([...mean.statistics().get(targets[0]!)!].every((v) => v === 0)).toBe(true);
    expect([...sum.statistics().get(targets[0]!)!]).toEqual([...sumBefore]);
  });

  it('round-trips its state through stateTensors / restoreState', () => {
    const model = tinyMlp();
    const targets = findPrunableWeights(model);
    const a = new GradientAccumulator(targets, gradient.gradientStatistic!);
    const b = new GradientAccumulator(targets, gradient.gradientStatistic!);
    owned.push(model, a, b);
    const grads = new Map(targets.map((t) => [t.variable.name, tf.onesLike(t.variable)] as const));
    a.accumulate(grads);
    a.accumulate(grads);
    const state = a.stateTensors();
    expect([...state.keys()]).toEqual(['acc/hidden1/kernel', 'acc/hidden2/kernel', 'acc/logits/kernel']);
    b.restoreState(state, a.stepsSinceUpdate);
    expect(b.stepsSinceUpdate).toBe(2);
    expect([...b.statistics().get(targets[1]!)!]).toEqual(new Array(30).fill(1));
    tf.dispose([...state.values(), ...grads.values()]);
  });
});

describe('lossGradients (calibration)', () => {
  it('equals tf.variableGrads of the compiled loss on the batch, and leaves only its result behind', () => {
    const model = tinyMlp();
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const { x, y } = tinyData(8);
    const variables = findPrunableWeights(model).map((t) => t.variable);
    const before = tf.memory().numTensors;
    const grads = lossGradients(model, x, y, variables);
    expect(tf.memory().numTensors).toBe(before + 3);
    const { value, grads: reference } = tf.variableGrads(
      () => tf.mean(tfl.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
      variables,
    );
    for (const v of variables) closeTo(grads.get(v.name)!.dataSync() as Float32Array, reference[v.name]!.dataSync() as Float32Array);
    tf.dispose([value, ...Object.values(reference), ...grads.values(), x, y]);
    model.dispose();
  });

  it('asks for a compiled model', () => {
    const model = tinyMlp();
    const { x, y } = tinyData(4);
    expect(() => lossGradients(model, x, y, [])).toThrow(/is not compiled: compile it before computing calibration gradients/);
    tf.dispose([x, y]);
    model.dispose();
  });
});
