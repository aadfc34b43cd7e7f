import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import '@tfjs-prune/callbacks/budget';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { channelGraph, countMacs, type SensitivityResult } from '@tfjs-prune/core';

import { BUDGET_BENCH_USAGE, parseBudgetArgs } from '../../src/bench/budget-args.js';
import { BUDGET_MODEL_NAMES, BUDGET_MODELS, macTargetConfig, targetSchedule } from '../../src/bench/budget-models.js';
import { sensitivityBudget, sensitivityBudgetConfig } from '../../src/bench/budget-sensitivity.js';
import { disposeModel } from '../../src/bench/models.js';

beforeAll(async () => {
  await selectBackend('cpu', { log: false });
});

describe('parseBudgetArgs', () => {
  it('defaults to LeNet on Fashion-MNIST, two targets, the target and distillation arms', () => {
    expect(parseBudgetArgs([])).toEqual({
      model: 'lenet',
      keeps: [0.5, 0.25],
      seeds: 3,
      firstSeed: 1,
      trainSize: 12000,
      testSize: 10000,
      epochs: 5,
      fineTune: 0,
      arms: ['target', 'distillation'],
      validation: 0,
      data: { kind: 'idx', dir: '/usr/share/datasets/fashion-mnist' },
    });
    expect(parseBudgetArgs(['--', '--model', 'resnet', '--keep', '0.25', '--arms', 'target,sensitivity', '--validation', '1000', '--data', 'mnist'])).toMatchObject({
      model: 'resnet',
      keeps: [0.25],
      arms: ['target', 'sensitivity'],
      validation: 1000,
      data: { kind: 'mnist-package' },
    });
    expect(parseBudgetArgs(['--help'])).toBe('help');
  });

  it('names the flag and what it takes', () => {
    expect(() => parseBudgetArgs(['--model', 'vgg'])).toThrow('--model must be one of lenet, resnet, mobilenet (got "vgg")');
    expect(() => parseBudgetArgs(['--keep', '0.5,1.5'])).toThrow('--keep takes MAC fractions in (0, 1] (got "1.5")');
    expect(() => parseBudgetArgs(['--epochs', '1'])).toThrow('--epochs must be a whole number of at least 2 (got "1")');
    expect(() => parseBudgetArgs(['--fine-tune', '1'])).toThrow('--fine-tune must be 0 (prune from scratch) or at least 2 epochs: the last one trains with the final channels (got "1")');
    expect(parseBudgetArgs(['--fine-tune', '3', '--first-seed', '4'])).toMatchObject({ fineTune: 3, firstSeed: 4 });
    expect(() => parseBudgetArgs(['--arms', 'uniform'])).toThrow('--arms takes target, distillation, sensitivity (got "uniform")');
    expect(() => parseBudgetArgs(['--arms', 'sensitivity'])).toThrow('--arms sensitivity needs --validation N: the sensitivity table is measured on training images held out from training');
    expect(() => parseBudgetArgs(['--seed', '2'])).toThrow(BUDGET_BENCH_USAGE);
  });
});

describe('macTargetConfig', () => {
  it('is the config a user writes: a MAC target and one structured pruner with timing only', () => {
    expect(macTargetConfig('lenet', 0.5, 4)).toEqual({
      target: { macs: 0.5 },
      pruners: [
        {
          name: 'channels',
          layers: { include: ['hidden*'] },
          criterion: 'magnitude',
          granularity: { type: 'structured', norm: 'l2' },
          schedule: { type: 'polynomial-decay', startEpoch: 0, endEpoch: 2 },
        },
      ],
    });
    expect(() => targetSchedule(1)).toThrow('pruning during fit needs at least 2 epochs (got 1)');
  });

  it.each(BUDGET_MODEL_NAMES)('%s: the engine accepts it and allocates the target over the model', async (name) => {
    const before = tf.memory().numTensors;
    const model = BUDGET_MODELS[name].build(1);
    const pruning = new PruningCallback(macTargetConfig(name, 0.5, 2));
    pruning.attach(model);
    await pruning.onEpochBegin(1);
    const target = pruning.report().target!;
    expect(target.achieved).toBeLessThanOrEqual(target.target);
    expect(target.achieved / target.target).toBeGreaterThan(0.99);
    pruning.strip();
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Two 8-filter convolutions on 8×8×3 input, GAP, 4 classes: c1 costs 13,824 MACs, c2 36,864, the head 32. */
function twoConvs(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  const c1 = tfl.layers.conv2d({ name: 'c1', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input);
  const c2 = tfl.layers.conv2d({ name: 'c2', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(c1);
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(c2);
  const output = tfl.layers.dense({ name: 'head', units: 4, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

describe('sensitivityBudget', () => {
  // c2 barely notices losing channels until 75%; c1 loses 10 points at 25%.
  const table: SensitivityResult = {
    baseline: 0.9,
    rows: [
      { family: 'c1', channels: 8, sparsity: 0.25, pruned: 2, metric: 0.8 },
      { family: 'c1', channels: 8, sparsity: 0.5, pruned: 4, metric: 0.6 },
      { family: 'c1', channels: 8, sparsity: 0.75, pruned: 6, metric: 0.3 },
      { family: 'c2', channels: 8, sparsity: 0.25, pruned: 2, metric: 0.89 },
      { family: 'c2', channels: 8, sparsity: 0.5, pruned: 4, metric: 0.88 },
      { family: 'c2', channels: 8, sparsity: 0.75, pruned: 6, metric: 0.7 },
    ],
  };

  it('spends the MACs on the cheapest accuracy per MAC, shortens the last step, and the config it writes compacts to exactly those MACs', async () => {
    const before = tf.memory().numTensors;
    const model = twoConvs();
    expect(countMacs(model).total).toBe(50_720);
    const { families } = channelGraph(model);
    // c2 to 2 and to 4 (0.01 points per 9,224 MACs each), then c1 to 2: 0.1 for 8,064 MACs beats
    // c2 to 6 (0.18 for 9,224); c1 to 1 would leave 28,240 > 25,360.
    const budget = sensitivityBudget(model, families, table, 0.5);
    expect([...budget.pruned]).toEqual([
      ['c2', 4],
      ['c1', 2],
    ]);
    expect(budget).toMatchObject({ macs: 24_208, target: 25_360 });

    const config = sensitivityBudgetConfig(families, budget, targetSchedule(2));
    expect(config.pruners.map((p) => [p.name, p.layers, p.schedule])).toEqual([
      ['c1', { include: ['c1'] }, { type: 'polynomial-decay', finalSparsity: 0.25, startEpoch: 0, endEpoch: 1 }],
      ['c2', { include: ['c2'] }, { type: 'polynomial-decay', finalSparsity: 0.5, startEpoch: 0, endEpoch: 1 }],
    ]);
    const pruning = new PruningCallback(config);
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    await pruning.onEpochBegin(1);
    const { model: small } = await compactPruned(pruning);
    expect(countMacs(small).total).toBe(24_208);
    small.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('shortens the last step to the fewest channels that fit', () => {
    const model = twoConvs();
    // keep 0.6 (30,432 MACs): after c2 to 4 (32,272) the step c1 to 2 lands at 24,208; one c1 channel (28,240) fits.
    const budget = sensitivityBudget(model, channelGraph(model).families, table, 0.6);
    expect([...budget.pruned]).toEqual([
      ['c2', 4],
      ['c1', 1],
    ]);
    expect(budget.macs).toBe(28_240);
    model.dispose();
  });

  it('weighs accuracy per MAC freed, not per channel: c2 frees more MACs per channel than c1', () => {
    const model = twoConvs();
    // c2 to 6 now costs 0.1 points for 2 channels, as c1 to 2 does; per MAC it is cheaper (9,224 against 8,064 freed).
    const cheaperC2 = { ...table, rows: table.rows.map((row) => (row.family === 'c2' && row.pruned === 6 ? { ...row, metric: 0.78 } : row)) };
    const budget = sensitivityBudget(model, channelGraph(model).families, cheaperC2, 0.5);
    expect([...budget.pruned]).toEqual([['c2', 6]]);
    expect(budget.macs).toBe(23_048);
    model.dispose();
  });

  it('says how far it got when every measured step is taken and the model still does not fit', () => {
    const model = twoConvs();
    const budget = sensitivityBudget(model, channelGraph(model).families, table, 0.05);
    expect([...budget.pruned].sort()).toEqual([
      ['c1', 6],
      ['c2', 6],
    ]);
    expect(budget.macs).toBeGreaterThan(budget.target);
    model.dispose();
  });
});
