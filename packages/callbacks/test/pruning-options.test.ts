import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp, zerosOf } from '../../core/test/support/models.js';
import { type MaskUpdateEvent, PruningBindError, PruningCallback } from '@tfjs-prune/callbacks';
import { findPrunableWeights, type PrunableWeight } from '@tfjs-prune/core';
import { layerMasks, pruneLowest, roundHalfToEven } from '@tfjs-prune/core/internal';
import { createSchedule, type PruningConfig, PruningConfigError } from '@tfjs-prune/schedules';

const owned: { dispose(): void }[] = [];
afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

function compiled(optimizer: tf.Optimizer = tf.train.sgd(0.1), model = tinyMlp()): tfl.Sequential {
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  owned.push(model);
  return model;
}

function data(count = 16, seed = 7) {
  const d = tinyData(count, seed);
  owned.push(d.x, d.y);
  return d;
}

function callback(pruner: Record<string, unknown>, args: ConstructorParameters<typeof PruningCallback>[1] = {}) {
  const pruning = new PruningCallback({ pruners: [{ name: 'p', ...pruner }] } as PruningConfig, args);
  owned.push({ dispose: () => pruning.strip() });
  return pruning;
}

const kernels = (model: tfl.LayersModel) => findPrunableWeights(model);
/** The callback's masks in layer order (the store knows its own PrunableWeight objects). */
const masksOf = (pruning: PruningCallback) => pruning.maskStore!.targets.map((t) => [...(pruning.maskStore!.keepMask(t) ?? [])]);
const values = (t: PrunableWeight) => [...t.variable.dataSync()];
const lossOf = (model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor) => () =>
  tf.mean(tfl.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar;
const step = (model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor) => tf.dispose(model.optimizer.minimize(lossOf(model, x, y)) ?? []);

/** |w·g| per kernel on one batch, computed directly with tf.variableGrads. */
function taylorScores(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): Float32Array[] {
  const targets = kernels(model);
  const { value, grads } = tf.variableGrads(lossOf(model, x, y), targets.map((t) => t.variable));
  const scores = targets.map((t) => {
    const g = grads[t.variable.name]!.dataSync();
    const w = t.variable.dataSync();
    return Float32Array.from(w, (v, i) => Math.abs(v * g[i]!));
  });
  tf.dispose([value, ...Object.values(grads)]);
  return scores;
}

describe('gradient criteria', () => {
  it('are a config error when their first update is at epoch 0 without calibration data', () => {
    const config: PruningConfig = {
      pruners: [
        { name: 'a', schedule: { type: 'one-shot', sparsity: 0.5 } },
        { name: 'b', criterion: 'movement', schedule: { type: 'polynomial-decay', finalSparsity: 0.5, endEpoch: 2 } },
      ],
    };
    let error: unknown;
    try {
      new PruningCallback(config, { source: 'prune.json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PruningConfigError);
    expect((error as PruningConfigError).issues.map((i) => i.pointer)).toEqual(['/pruners/1/criterion']);
    expect((error as Error).message).toBe(
      'prune.json: /pruners/1/criterion "movement" scores weights by their gradients, but the schedule\'s first mask update ' +
        'is at epoch 0, before any training step has produced one: start the schedule at epoch 1 or later, or pass ' +
        'calibrationData to the PruningCallback to score on one batch (SNIP)',
    );
    const { x, y } = data(4);
    expect(() => new PruningCallback(config, { calibrationData: { x, y } })).not.toThrow();
    expect(() => callback({ criterion: 'gradient', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } })).not.toThrow();
  });

  it('with calibrationData, score on one gradient evaluation of it before any step (SNIP), and leave it to the caller', async () => {
    const model = compiled();
    const { x, y } = data(8, 3);
    const expected = layerMasks(taylorScores(model, x, y).map((scores) => ({ scores })), 0.5);
    const pruning = callback({ criterion: 'taylor', schedule: { type: 'one-shot', sparsity: 0.5 } }, { calibrationData: { x, y } });
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    expect(masksOf(pruning)).toEqual(expected.map((m) => [...m]));
    expect(x.isDisposed || y.isDisposed).toBe(false);
  });

  /**
   * The scores a mask update uses must be the criterion's definition over the gradients the
   * optimizer saw: here, mean |w·g| over the three steps of epoch 0, with the pre-step weights,
   * recomputed independently at each step.
   */
  it('score on the gradients of the steps since the last update, as computed independently', async () => {
    const model = compiled();
    const pruning = callback({ criterion: 'taylor', schedule: { type: 'one-shot', sparsity: 0.6, epoch: 1 } });
    pruning.attach(model);
    const batches = [1, 2, 3].map((seed) => data(8, seed));
    const sums = kernels(model).map((t) => new Float32Array(t.size));
    await pruning.onEpochBegin(0);
    for (const { x, y } of batches) {
      taylorScores(model, x, y).forEach((s, i) => s.forEach((v, j) => (sums[i]![j]! += v / 3)));
      step(model, x, y);
    }
    await pruning.onEpochEnd(0);
    const state = pruning.exportState();
    expect(state.pruners[0]!.gradientSteps).toBe(3);
    ['hidden1', 'hidden2', 'logits'].forEach((layer, i) => {
      const mean = [...state.tensors.get(`pruners/0/acc/${layer}/kernel`)!.dataSync()].map((v) => v / 3);
      mean.forEach((v, j) => expect(v).toBeCloseTo(sums[i]![j]!, 6));
    });
    tf.dispose([...state.tensors.values()]);
    await pruning.onEpochBegin(1);
    masksOf(pruning).forEach((got, i) => expect(got).toEqual([...pruneLowest(sums[i]!, Math.round(0.6 * got.length))]));
  });

  it('refuse to prune by zeros when a resumed fit has seen no gradient, naming the pruner', async () => {
    const model = compiled();
    const { x, y } = data();
    const pruning = callback({ name: 'hidden', criterion: 'gradient', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 2 } });
    await expect(model.fit(x, y, { epochs: 3, initialEpoch: 2, verbose: 0, callbacks: [pruning] })).rejects.toThrow(
      'pruner "hidden": criterion "gradient" has no gradients to score with at the mask update of epoch 2: no optimizer step ' +
        'has run yet (a fit resumed with initialEpoch without restoring the pruning state?). Restore the pruning state ' +
        '(importState, or loadCheckpoint) so its accumulated gradients come back, or pass calibrationData to the ' +
        'PruningCallback to score on one batch',
    );
  });

  it('hit the schedule exactly in fit, keep tensors flat per step, and free their accumulators after the last update', async () => {
    const model = compiled();
    const { x, y } = data(32);
    const schedule = { type: 'polynomial-decay', finalSparsity: 0.8, startEpoch: 1, endEpoch: 3 } as const;
    const pruning = callback({ criterion: 'movement', schedule });
    const perEpoch: number[][] = [];
    const zeros: number[][] = [];
    let counts: number[] = [];
    await model.fit(x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      shuffle: false,
      callbacks: [
        pruning,
        new tfl.CustomCallback({
          onEpochBegin: async () => void (counts = []),
          onBatchEnd: async () => void counts.push(tf.memory().numTensors),
          onEpochEnd: async () => {
            perEpoch.push(counts);
            zeros.push(kernels(model).map((t) => zerosOf(t.variable)));
          },
        }),
      ],
    });
    for (const c of perEpoch) expect(new Set(c).size).toBe(1);
    const s = createSchedule(schedule);
    expect(zeros).toEqual([0, 1, 2, 3, 4].map((e) => [24, 30, 15].map((n) => Math.round(s.sparsityAt(e) * n))));
    // Epochs 0-2 hold 3 accumulators; from the last update (epoch 3) on they are freed.
    expect(perEpoch[2]![0]! - perEpoch[3]![0]!).toBe(3);
    const { tensors } = pruning.exportState();
    expect([...tensors.keys()]).toEqual(['pruners/0/mask/hidden1/kernel', 'pruners/0/mask/hidden2/kernel', 'pruners/0/mask/logits/kernel']);
    tf.dispose([...tensors.values()]);
  });
});

describe('rewinding', () => {
  it('"init": after each round, surviving weights are exactly their values at bind', async () => {
    const model = compiled();
    const { x, y } = data();
    const pruning = callback({ schedule: { type: 'iterative', finalSparsity: 0.75, rounds: 2, startEpoch: 1 }, rewind: 'init' });
    pruning.attach(model);
    const initial = kernels(model).map(values);
    for (let epoch = 0; epoch < 3; epoch++) {
      await pruning.onEpochBegin(epoch);
      if (epoch > 0) {
        const masks = masksOf(pruning);
        kernels(model).forEach((t, i) => {
          expect(values(t)).toEqual(initial[i]!.map((v, j) => (masks[i]![j] === 1 ? v : 0)));
        });
      }
      for (let s = 0; s < 2; s++) step(model, x, y);
      await pruning.onEpochEnd(epoch);
    }
    expect(zerosOf(kernels(model)[0]!.variable)).toBe(18);
  });

  it('{ epoch: k }: surviving weights go back to their values at the end of epoch k', async () => {
    const model = compiled();
    const { x, y } = data();
    const pruning = callback({ schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 1, startEpoch: 2 }, rewind: { epoch: 0 } });
    let snapshot: number[][] = [];
    let checked = false;
    await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [
        pruning,
        new tfl.CustomCallback({
          onEpochEnd: async (epoch) => {
            if (epoch === 0) snapshot = kernels(model).map(values);
          },
          onEpochBegin: async (epoch) => {
            if (epoch !== 2) return;
            const masks = masksOf(pruning);
            kernels(model).forEach((t, i) => {
              expect(values(t)).toEqual(snapshot[i]!.map((v, j) => (masks[i]![j] === 1 ? v : 0)));
            });
            checked = true;
          },
        }),
      ],
    });
    expect(checked).toBe(true);
  });
});

describe('regularization', () => {
  it('l2 applies w ← w·(1 − ηλ) after each optimizer step, with η from the optimizer', () => {
    const model = compiled(tf.train.sgd(0.2));
    const { x, y } = data(8);
    const pruning = callback({ schedule: { type: 'one-shot', sparsity: 0.5, epoch: 5 }, regularization: { type: 'l2', strength: 0.5 } });
    pruning.attach(model);
    const targets = kernels(model);
    const { value, grads } = tf.variableGrads(lossOf(model, x, y), targets.map((t) => t.variable));
    const expected = targets.map((t) =>
      tf.tidy(() => [...tf.mul(tf.sub(t.variable, tf.mul(grads[t.variable.name]!, 0.2)), 0.9).dataSync()]),
    );
    tf.dispose([value, ...Object.values(grads)]);
    step(model, x, y);
    targets.forEach((t, i) => values(t).forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
  });

  it('l1 leaves exact zeros beyond the masks', async () => {
    const model = compiled(tf.train.sgd(0.1));
    const { x, y } = data();
    const pruning = callback({ schedule: { type: 'one-shot', sparsity: 0.2, epoch: 5 }, regularization: { type: 'l1', strength: 3 } });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [pruning] });
    expect(kernels(model).map((t) => zerosOf(t.variable)).reduce((a, b) => a + b)).toBeGreaterThan(20);
  });

  it('says so at attach when the optimizer has no learning rate', () => {
    const optimizer = tf.train.sgd(0.1);
    delete (optimizer as unknown as { learningRate?: number }).learningRate;
    const model = compiled(optimizer);
    const pruning = callback({ schedule: { type: 'one-shot', sparsity: 0.5 }, regularization: { type: 'l1', strength: 1 } });
    expect(() => pruning.attach(model)).toThrow(
      'pruner "p" has l1 regularization: regularization needs the optimizer\'s learning rate, but this SGD has no numeric "learningRate" property',
    );
  });
});

describe('granularities in fit', () => {
  /** The output layer's units are the model's output, never narrowed: reported, not pruned. */
  it('structured: whole units and their bias entries are zero after training, the output layer reported untouched', async () => {
    const model = compiled();
    const { x, y } = data();
    const pruning = callback({ granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } });
    const events: MaskUpdateEvent[] = [];
    pruning.on('maskUpdate', (e) => events.push(e));
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [pruning] });
    const all = kernels(model);
    const output = all.at(-1)!;
    for (const t of all) {
      const units = t.shape[1]!;
      const w = t.variable.dataSync();
      const bias = model.getLayer(t.layer).getWeights()[1]!.dataSync();
      const dead = [...Array(units).keys()].filter((u) => [...Array(t.shape[0]!).keys()].every((r) => w[r * units + u] === 0));
      expect(dead.length).toBe(t === output ? 0 : Math.min(roundHalfToEven(0.5 * units), units - 1));
      for (const u of dead) expect(bias[u]).toBe(0);
    }
    expect(events[0]?.untouched?.map((u) => u.layer)).toEqual([output.path]);
    expect(events[0]?.untouched?.[0]?.reason).toMatch(/^every channel is left alone: .*output/);
    expect(pruning.report().pruners[0]!.granularity).toBe('structured');
    expect(pruning.report().pruners[0]!.untouched).toEqual(events[0]?.untouched);
    expect(pruning.formatReport().split('\n')).toContain(`${pruning.report().pruners[0]!.name}: ${output.path} not pruned: ${events[0]!.untouched![0]!.reason}`);
  });

  it('n:m: exactly n nonzeros in every group of m inputs after training', async () => {
    const model = compiled();
    const { x, y } = data();
    const pruning = callback({ granularity: { type: 'n:m', n: 2, m: 4 }, schedule: { type: 'one-shot', sparsity: 0.5 } });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [pruning] });
    for (const t of kernels(model)) {
      const [inputs, outputs] = t.shape as [number, number];
      const w = t.variable.dataSync();
      for (let o = 0; o < outputs; o++) {
        for (let start = 0; start < inputs; start += 4) {
          const group = [...Array(Math.min(4, inputs - start)).keys()].map((j) => w[(start + j) * outputs + o]);
          expect(group.filter((v) => v !== 0).length).toBe(Math.min(2, group.length));
        }
      }
    }
  });

  it('structured refuses layers without whole units, naming them, and skips SeparableConv2D depthwise kernels', () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const sep = tfl.layers.separableConv2d({ filters: 3, kernelSize: 2, name: 'sep' }).apply(input) as tfl.SymbolicTensor;
    const flat = tfl.layers.reshape({ targetShape: [9, 3] }).apply(sep) as tfl.SymbolicTensor;
    const rnn = tfl.layers.simpleRNN({ units: 2, name: 'rnn', recurrentInitializer: 'glorotUniform' }).apply(flat) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: rnn });
    owned.push(model);
    const all = callback({ granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } });
    expect(() => all.attach(model)).toThrow(PruningBindError);
    expect(() => all.attach(model)).toThrow(
      'pruner "p" has granularity "structured", which cannot prune layer "rnn" (SimpleRNN): only these layers have whole ' +
        'output units: Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (pointwise_kernel); exclude the layer ' +
        '(layers.exclude) or give it a pruner with "unstructured", "block" or "n:m"',
    );
    const sepOnly = callback({ layers: { include: ['sep'] }, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } });
    sepOnly.attach(model);
    // Channel groups: the pointwise filters carry sep's channels, its bias goes with them, and
    // the RNN's input rows read them (the Reshape keeps the channel axis); the depthwise kernel
    // works on the model input's channels, which are never narrowed.
    expect(sepOnly.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toEqual(['sep/pointwise_kernel', 'sep/bias', 'rnn/kernel']);
  });

  it('random: the same seed gives the same masks on two runs, another seed others', async () => {
    const masks = async (seed: number) => {
      const model = compiled(tf.train.sgd(0.1), tinyMlp(4));
      const pruning = callback({ criterion: 'random', seed, schedule: { type: 'one-shot', sparsity: 0.5 } });
      pruning.attach(model);
      await pruning.onEpochBegin(0);
      return masksOf(pruning);
    };
    expect(await masks(11)).toEqual(await masks(11));
    expect(await masks(12)).not.toEqual(await masks(11));
  });

  it('global scope with maxLayerSparsity caps every layer', async () => {
    const model = compiled();
    const pruning = callback({
      scope: 'global',
      normalize: 'layer',
      maxLayerSparsity: 0.6,
      schedule: { type: 'one-shot', sparsity: 0.7 },
    });
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    // 70% of 69 is 48, but the caps allow floor(0.6·n): 14 + 18 + 9 = 41.
    expect(kernels(model).map((t) => zerosOf(t.variable))).toEqual([14, 18, 9]);
  });
});

describe('tensor bookkeeping', () => {
  it('holds nothing but its masks once the schedule is done, whatever the options', async () => {
    const model = compiled();
    const { x, y } = data();
    const pruning = callback({
      criterion: 'taylor',
      granularity: { type: 'block', shape: [2, 2], norm: 'l2' },
      scope: 'global',
      normalize: 'layer',
      schedule: { type: 'iterative', finalSparsity: 0.75, rounds: 2, startEpoch: 1 },
      rewind: 'init',
      regularization: { type: 'group-l1', strength: 0.001 },
    });
    await model.fit(x, y, { epochs: 4, batchSize: 8, verbose: 0, callbacks: [pruning] });
    const afterFirst = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 6, initialEpoch: 4, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(tf.memory().numTensors).toBe(afterFirst);
    const { tensors } = pruning.exportState();
    expect([...tensors.keys()].every((k) => k.startsWith('pruners/0/mask/'))).toBe(true);
    tf.dispose([...tensors.values()]);
    pruning.strip();
    expect(tf.memory().numTensors).toBe(afterFirst - 3);
  });
});

describe('exportState / importState', () => {
  /**
   * Resuming from an exported state must continue exactly as if training had never stopped:
   * same masks, same accumulated gradients, same weights.
   */
  it('resuming from an exported state matches training straight through', async () => {
    const schedule = { type: 'polynomial-decay', initialSparsity: 0.2, finalSparsity: 0.8, startEpoch: 1, endEpoch: 3 } as const;
    const pruner = { criterion: 'taylor', granularity: { type: 'block', shape: [2, 1] }, schedule };
    const { x, y } = data(16);
    const fit = (model: tfl.LayersModel, pruning: PruningCallback, initialEpoch: number, epochs: number) =>
      model.fit(x, y, { epochs, initialEpoch, batchSize: 8, shuffle: false, verbose: 0, callbacks: [pruning] });

    const straight = compiled();
    const straightPruning = callback(pruner);
    await fit(straight, straightPruning, 0, 2);
    const state = straightPruning.exportState();
    expect(state.epoch).toBe(1);
    expect(state.pruners).toEqual([{ name: 'p', appliedSparsity: createSchedule(schedule).sparsityAt(1), updates: 1, gradientSteps: 2, steps: 4 }]);
    expect([...state.tensors.keys()].sort()).toEqual(
      ['acc', 'mask'].flatMap((k) => ['hidden1', 'hidden2', 'logits'].map((l) => `pruners/0/${k}/${l}/kernel`)).sort(),
    );
    const weightsAtOne = straight.getWeights().map((w) => tf.clone(w));
    await fit(straight, straightPruning, 2, 4);

    // Resume as a checkpoint loader would: another model given the weights of the end of epoch 1.
    const fresh = compiled(tf.train.sgd(0.1), tinyMlp(5));
    fresh.setWeights(weightsAtOne);
    tf.dispose(weightsAtOne);
    const freshPruning = callback(pruner);
    freshPruning.attach(fresh);
    const before = tf.memory().numTensors;
    freshPruning.importState(state);
    expect(tf.memory().numTensors).toBe(before + 3); // the restored masks
    tf.dispose([...state.tensors.values()]);
    await fit(fresh, freshPruning, 2, 4);

    expect(kernels(fresh).map(values)).toEqual(kernels(straight).map(values));
    expect(fresh.getWeights().map((w) => [...w.dataSync()])).toEqual(straight.getWeights().map((w) => [...w.dataSync()]));
  });

  it('refuses a state from another config and needs attach first', () => {
    const pruning = callback({ schedule: { type: 'one-shot', sparsity: 0.5 } });
    expect(() => pruning.importState({ pruners: [], tensors: new Map() })).toThrow(
      'attach the callback to its model before trying to import a state',
    );
    pruning.attach(compiled());
    expect(() => pruning.importState({ pruners: [{ name: 'other', appliedSparsity: 0 }], tensors: new Map() })).toThrow(
      'the pruning state has pruners ["other"], this config has ["p"]: a state can only be restored into the config it was saved with',
    );
  });
});
