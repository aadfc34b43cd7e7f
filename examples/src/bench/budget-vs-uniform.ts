#!/usr/bin/env node
/**
 * Budget-allocated against uniform structured pruning at (nearly) equal MACs, with and without
 * distillation, on LeNet-300-100 and Fashion-MNIST (`idx:<dir>`, e.g. Debian's
 * /usr/share/datasets/fashion-mnist). Per seed: a dense model is trained, then each variant
 * starts from its weights, prunes over the first epochs of a fine-tune, is compacted, and is
 * evaluated on the test split. A quick measurement, not yet a `bench` suite:
 *
 *   node examples/dist/bench/budget-vs-uniform.js idx:/usr/share/datasets/fashion-mnist [seeds] [trainSize]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import '@tfjs-prune/callbacks/budget';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { fitWithDistillation } from '@tfjs-prune/callbacks/distillation';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { countMacs } from '@tfjs-prune/core';
import type { PruningConfig } from '@tfjs-prune/schedules';

import { loadData, parseDataOption, toTensors } from '../data/index.js';

const [dataFlag = 'idx:/usr/share/datasets/fashion-mnist', seedsFlag = '3', trainFlag = '12000'] = process.argv.slice(2);
await selectBackend('wasm', { log: false });
tf.env().set('PROD', true);
const data = parseDataOption(dataFlag);

function lenet(seed: number): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + k });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ name: 'fc1', units: 300, inputShape: [784], activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ name: 'fc2', units: 100, activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.dense({ name: 'logits', units: 10, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function copyOf(model: tfl.LayersModel, seed: number): tfl.LayersModel {
  const copy = lenet(seed);
  copy.setWeights(model.getWeights());
  return copy;
}

const PRUNE_EPOCHS = 3;
const FINE_TUNE_EPOCHS = 5;
const schedule = { type: 'polynomial-decay', startEpoch: 0, endEpoch: PRUNE_EPOCHS - 1 };
const budget: PruningConfig = {
  target: { macs: 0.5 },
  pruners: [{ name: 'units', layers: { include: ['fc*'] }, granularity: 'structured', schedule }],
} as PruningConfig;

/** The uniform sparsity whose compacted MACs come closest to `macs` (both hidden layers cut alike). */
function uniformSparsityFor(macs: number): number {
  let best = { sparsity: 0, gap: Infinity };
  for (let s = 0; s < 0.99; s += 0.0025) {
    const k1 = 300 - Math.round(s * 300);
    const k2 = 100 - Math.round(s * 100);
    const gap = Math.abs(784 * k1 + k1 * k2 + 10 * k2 - macs);
    if (gap < best.gap) best = { sparsity: s, gap };
  }
  return best.sparsity;
}

async function accuracyOf(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const result = model.evaluate(x, y, { batchSize: 512 }) as tf.Scalar[];
  const accuracy = (await result[1]!.data())[0]!;
  tf.dispose(result);
  return accuracy;
}

const seeds = Number(seedsFlag);
const trainSize = Number(trainFlag);
const rows: Record<string, number[]> = {};
const macsOf: Record<string, number> = {};
const record = (name: string, value: number) => (rows[name] ??= []).push(value);
for (let seed = 1; seed <= seeds; seed++) {
  const split = loadData(data, { trainSize, testSize: 10000, seed });
  const train = toTensors(split.train, { flatten: true });
  const test = toTensors(split.test, { flatten: true });
  const dense = lenet(seed);
  await dense.fit(train.x, train.y, { epochs: 3, batchSize: 128, verbose: 0 });
  record('dense', await accuracyOf(dense, test.x, test.y));
  macsOf['dense'] = countMacs(dense).total;
  let budgetMacs = 0;
  for (const variant of ['budget', 'uniform', 'budget + distillation', 'uniform + distillation']) {
    const student = copyOf(dense, seed);
    const config: PruningConfig = variant.startsWith('budget')
      ? budget
      : ({ pruners: [{ name: 'units', layers: { include: ['fc*'] }, granularity: 'structured', schedule: { ...schedule, finalSparsity: uniformSparsityFor(budgetMacs) } }] } as PruningConfig);
    const pruning = new PruningCallback(config);
    pruning.attach(student);
    const fitArgs: tfl.ModelFitArgs = { epochs: FINE_TUNE_EPOCHS, batchSize: 128, verbose: 0, callbacks: [pruning] };
    if (variant.endsWith('distillation')) await fitWithDistillation(student, dense, train.x, train.y, { ...fitArgs, alpha: 0.5, temperature: 4 });
    else await student.fit(train.x, train.y, fitArgs);
    const { model: small } = await compactPruned(pruning);
    small.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const macs = countMacs(small).total;
    if (variant === 'budget') budgetMacs = macs;
    macsOf[variant] = macs;
    record(variant, await accuracyOf(small, test.x, test.y));
    console.log(`seed ${seed} ${variant}: ${(rows[variant]!.at(-1)! * 100).toFixed(2)}% at ${macs} MACs (${pruning.report().pruners[0]!.channels.map((c) => `${c.family} ${c.kept}/${c.channels}`).join(', ')})`);
    small.dispose();
    student.dispose();
  }
  console.log(`seed ${seed} dense: ${(rows['dense']!.at(-1)! * 100).toFixed(2)}%`);
  dense.dispose();
  tf.dispose([train.x, train.y, test.x, test.y]);
}
console.log('\n| variant | MACs | accuracy, mean | min–max over seeds |\n|---|---|---|---|');
for (const [name, values] of Object.entries(rows)) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`| ${name} | ${macsOf[name]} | ${(mean * 100).toFixed(2)}% | ${(Math.min(...values) * 100).toFixed(2)}–${(Math.max(...values) * 100).toFixed(2)}% |`);
}
