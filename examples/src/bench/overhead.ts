#!/usr/bin/env node
/**
 * Training overhead of PruningCallback: plain fit vs fit with masks enforced after every step,
 * same process, same model and data, runs alternated. This VM's run-to-run noise is ±15%, so
 * the headline is the median of per-round ratios (each round's two runs are adjacent in time)
 * plus a direct measurement of the time spent inside the library per step, which noise does
 * not touch.
 */
import * as tf from '@tensorflow/tfjs-core';

import { PruningCallback, selectBackend } from '@tfjs-prune/callbacks';
import { findPrunableWeights, magnitude, MaskStore, updateMasks } from '@tfjs-prune/core';

import { loadMnist, toTensors } from '../data/index.js';
import { lenet300100 } from '../lenet-300-100.js';
import { median, parseBenchArgs } from './bench-args.js';

const args = parseBenchArgs(process.argv.slice(2), { rounds: 8 });
const batchSize = 64;
const selection = await selectBackend(args.backend);
tf.env().set('PROD', true);

const data = loadMnist({ trainSize: 4096, testSize: 64, seed: 1 });
const { x, y } = toTensors(data.train, { flatten: true });
const steps = data.train.count / batchSize;
const config = { pruners: [{ name: 'all', schedule: { type: 'one-shot', sparsity: 0.9, epoch: 0 } }] };

// Time spent enforcing masks, measured where it happens.
let enforceMs = 0;
let enforceCalls = 0;
const apply = MaskStore.prototype.apply;
MaskStore.prototype.apply = function (this: MaskStore) {
  const started = performance.now();
  apply.call(this);
  enforceMs += performance.now() - started;
  enforceCalls++;
};

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

console.log(`LeNet-300-100 on ${selection.backend}, ${data.train.count} digits, batch ${batchSize}, ${steps} steps per run`);
await timedFit(false);
await timedFit(true);
enforceMs = 0;
enforceCalls = 0;
const tensorsBefore = tf.memory().numTensors;
const plain: number[] = [];
const pruned: number[] = [];
const ratios: number[] = [];
for (let round = 0; round < args.rounds; round++) {
  const pruneFirst = round % 2 === 1;
  const first = await timedFit(pruneFirst);
  const second = await timedFit(!pruneFirst);
  const [p, q] = pruneFirst ? [second, first] : [first, second];
  plain.push(p);
  pruned.push(q);
  ratios.push(q / p);
  console.log(`round ${round + 1}/${args.rounds}: plain ${p.toFixed(2)} s, pruned ${q.toFixed(2)} s, ratio ${(q / p).toFixed(3)}`);
}
const tensorDrift = tf.memory().numTensors - tensorsBefore;

const model = lenet300100(1);
const targets = findPrunableWeights(model);
const updateMs = (scope: 'layer' | 'global') => {
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
const layerMs = updateMs('layer');
const globalMs = updateMs('global');
const params = targets.reduce((s, t) => s + t.size, 0);
model.dispose();
tf.dispose([x, y]);

const stepMs = (median(plain) * 1000) / steps;
const perStepEnforceMs = enforceMs / enforceCalls;
const sorted = [...ratios].sort((a, b) => a - b);
console.log('');
console.log(`plain fit               ${median(plain).toFixed(3)} s per run (median of ${args.rounds})`);
console.log(`fit + pruning at 90%    ${median(pruned).toFixed(3)} s per run (median of ${args.rounds})`);
console.log(
  `time ratio              ${median(ratios).toFixed(3)} median of per-round ratios ` +
    `(range ${sorted[0]?.toFixed(3)}–${sorted.at(-1)?.toFixed(3)}; target ≤ 1.03)`,
);
console.log(
  `mask enforcement        ${perStepEnforceMs.toFixed(3)} ms per step = ${((100 * perStepEnforceMs) / stepMs).toFixed(2)}% ` +
    `of a ${stepMs.toFixed(1)} ms step (measured inside the optimizer hook)`,
);
console.log(`one mask update         ${layerMs.toFixed(1)} ms layer scope, ${globalMs.toFixed(1)} ms global scope, ${params} weights`);
console.log(`tensor count drift      ${tensorDrift} over ${2 * args.rounds} fits`);
