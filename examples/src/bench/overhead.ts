#!/usr/bin/env node
/**
 * Training overhead of PruningCallback: plain fit vs fit with masks enforced after every step,
 * same process, same model and data, runs alternated so drift (thermal, GC, JIT) hits both.
 * Also times one mask update. Prints ratios, not lone absolute times.
 */
import * as tf from '@tensorflow/tfjs-core';

import { PruningCallback, selectBackend } from '@tfjs-prune/callbacks';
import { findPrunableWeights, magnitude, MaskStore, updateMasks } from '@tfjs-prune/core';

import { loadMnist, toTensors } from '../data/index.js';
import { lenet300100 } from '../lenet-300-100.js';
import { median, parseBenchArgs } from './bench-args.js';

const args = parseBenchArgs(process.argv.slice(2), { rounds: 5 });
const batchSize = 64;
await selectBackend(args.backend);
tf.env().set('PROD', true);

const data = loadMnist({ trainSize: 4096, testSize: 64, seed: 1 });
const { x, y } = toTensors(data.train, { flatten: true });
const config = { pruners: [{ name: 'all', schedule: { type: 'one-shot', sparsity: 0.9, epoch: 0 } }] };

async function timedFit(withPruning: boolean): Promise<number> {
  const model = lenet300100(1);
  const pruning = withPruning ? new PruningCallback(config) : undefined;
  const started = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, shuffle: false, verbose: 0, callbacks: pruning ? [pruning] : [] });
  const seconds = (performance.now() - started) / 1000;
  pruning?.strip();
  model.optimizer.dispose();
  model.dispose();
  return seconds;
}

console.log(`LeNet-300-100, ${data.train.count} digits, batch ${batchSize}, one epoch per run (${data.train.count / batchSize} steps)`);
await timedFit(false);
await timedFit(true);
const plain: number[] = [];
const pruned: number[] = [];
const tensorsBefore = tf.memory().numTensors;
for (let round = 0; round < args.rounds; round++) {
  const first = round % 2 === 0;
  const a = await timedFit(!first);
  const b = await timedFit(first);
  (first ? plain : pruned).push(a);
  (first ? pruned : plain).push(b);
  console.log(`round ${round + 1}/${args.rounds}: plain ${median(plain).toFixed(2)} s, pruned ${median(pruned).toFixed(2)} s (medians so far)`);
}
const ratio = median(pruned) / median(plain);

const model = lenet300100(1);
const targets = findPrunableWeights(model);
const updateTimes = (scope: 'layer' | 'global') => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const store = new MaskStore(targets);
    const started = performance.now();
    updateMasks(store, targets, { criterion: magnitude, scope, sparsity: 0.9 });
    times.push(performance.now() - started);
    store.dispose();
  }
  return median(times);
};
const layerMs = updateTimes('layer');
const globalMs = updateTimes('global');
const params = targets.reduce((s, t) => s + t.size, 0);
model.dispose();
tf.dispose([x, y]);

console.log('');
console.log(`backend ${tf.getBackend()}, ${args.rounds} alternated rounds`);
console.log(`plain fit          ${median(plain).toFixed(3)} s/epoch (median)`);
console.log(`fit + pruning 90%  ${median(pruned).toFixed(3)} s/epoch (median)`);
console.log(`overhead ratio     ${ratio.toFixed(3)}  (target ≤ 1.03)`);
console.log(`one mask update    ${layerMs.toFixed(1)} ms layer scope, ${globalMs.toFixed(1)} ms global scope, ${params} weights`);
console.log(`tensors after the timed runs: ${tf.memory().numTensors - tensorsBefore >= 0 ? '+' : ''}${tf.memory().numTensors - tensorsBefore} vs before`);
