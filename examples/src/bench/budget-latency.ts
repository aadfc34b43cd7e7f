#!/usr/bin/env node
/**
 * Latency targets, measured: a model is trained with `"target": {"latency": {"speedup": s,
 * "batch": b}}` (the engine picks the MAC fraction by timing compacted candidates on this
 * backend), compacted, and then timed again against a dense model of the same architecture in
 * a fresh alternated run, the way `bench:latency` times (medians of per-round ratios, with the
 * quartiles of those ratios). Fashion-MNIST (`idx:<dir>`, Debian's /usr/share/datasets/fashion-mnist), wasm.
 *
 *   node examples/dist/bench/budget-latency.js [lenet|resnet|mobilenet] [trainSize] [data]
 */
import * as tf from '@tensorflow/tfjs-core';

import '@tfjs-prune/callbacks/budget';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { countMacs } from '@tfjs-prune/core';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';
import type { PruningConfig } from '@tfjs-prune/schedules';

import { loadData, parseDataOption, toTensors } from '../data/index.js';
import { lenet300100 } from '../lenet-300-100.js';
import { mobilenetMnist } from '../models/mobilenet-mnist.js';
import { resnetMnist } from '../models/resnet-mnist.js';
import { alternatedLatency, quantile } from './latency.js';
import { median } from './stats.js';

const [modelFlag = 'lenet', trainFlag = '6000', dataFlag = 'idx:/usr/share/datasets/fashion-mnist'] = process.argv.slice(2);
await selectBackend('wasm', { log: false });
tf.env().set('PROD', true);
registerWasmTrainingKernels();

/** Each model: its builder, whether its input is flat, the layers the target prunes, and a short training. */
const models = {
  lenet: { build: (seed: number) => lenet300100(seed), flatten: true, include: ['hidden*'], epochs: 4, schedule: { type: 'polynomial-decay', startEpoch: 0, endEpoch: 2 } },
  resnet: { build: (seed: number) => resnetMnist(seed), flatten: false, include: ['*conv*'], epochs: 2, schedule: { type: 'one-shot', epoch: 1 } },
  mobilenet: { build: (seed: number) => mobilenetMnist(seed), flatten: false, include: ['*'], epochs: 2, schedule: { type: 'one-shot', epoch: 1 } },
} as const;
const spec = models[modelFlag as keyof typeof models];
if (spec === undefined) throw new Error(`unknown model "${modelFlag}": lenet, resnet or mobilenet`);

const targets = [
  { speedup: 2, batch: 64 },
  { speedup: 1.5, batch: 1 },
];

const split = loadData(parseDataOption(dataFlag), { trainSize: Number(trainFlag), testSize: 2000, seed: 1 });
const train = toTensors(split.train, { flatten: spec.flatten });
const test = toTensors(split.test, { flatten: spec.flatten });
const fmt = (x: number) => `${x.toFixed(2)}x`;
const rows: string[] = [];
for (const latency of targets) {
  const model = spec.build(1);
  const denseMacs = countMacs(model).total;
  const config = {
    target: { latency },
    pruners: [{ name: 'channels', layers: { include: [...spec.include] }, granularity: 'structured', schedule: spec.schedule }],
  } as PruningConfig;
  const pruning = new PruningCallback(config);
  const started = performance.now();
  await model.fit(train.x, train.y, { epochs: spec.epochs, batchSize: 128, verbose: 0, callbacks: [pruning] });
  const trainedMs = performance.now() - started;
  const report = pruning.report();
  const target = report.target!;
  console.log(pruning.formatReport().split('\n').filter((l) => l.startsWith('target') || l.startsWith('latency') || l.includes('channels kept')).join('\n'));
  const { model: small } = await compactPruned(pruning);
  small.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const evaluated = small.evaluate(test.x, test.y, { batchSize: 500 }) as tf.Scalar[];
  const accuracy = (await evaluated[1]!.data())[0]!;
  tf.dispose(evaluated);
  // A fresh run: a dense model of the same architecture (weights do not change its speed) against the compacted one.
  const dense = spec.build(2);
  const input = tf.randomNormal([latency.batch, ...(dense.inputs[0]!.shape.slice(1) as number[])], 0, 1, 'float32', 3);
  const stats = alternatedLatency({ dense, compacted: small }, input, { warmup: 5, repeats: 31, minSampleMs: 50 });
  const ratios = stats['dense']!.samples.map((d, i) => d / stats['compacted']!.samples[i]!).sort((a, b) => a - b);
  const measured = median(ratios);
  const miss = (measured / latency.speedup - 1) * 100;
  const search = target.latency!;
  rows.push(
    `| ${modelFlag} | ${fmt(latency.speedup)} @ ${latency.batch} | ${(search.keep * 100).toFixed(1)}% (${search.candidates.length} candidates: ${search.candidates.map((c) => `${(c.keep * 100).toFixed(0)}%: ${fmt(c.speedup)}`).join(', ')}) | ` +
      `${fmt(search.measured?.speedup ?? Number.NaN)} (${fmt(search.measured?.p25 ?? Number.NaN)}–${fmt(search.measured?.p75 ?? Number.NaN)}) | ` +
      `**${fmt(measured)}** (${fmt(quantile(ratios, 0.25))}–${fmt(quantile(ratios, 0.75))}) | ${miss >= 0 ? '+' : ''}${miss.toFixed(1)}% | ` +
      `${countMacs(small).total} / ${denseMacs} | ${stats['dense']!.medianMs.toFixed(3)} / ${stats['compacted']!.medianMs.toFixed(3)} ms | ${(accuracy * 100).toFixed(2)}% | ${(trainedMs / 1000).toFixed(0)} s |`,
  );
  console.log(rows.at(-1));
  tf.dispose(input);
  dense.dispose();
  small.dispose();
  model.dispose();
}
tf.dispose([train.x, train.y, test.x, test.y]);
console.log(
  '\n| model | asked | MAC fraction chosen (candidates measured) | measured at the last update (quartiles) | measured in a fresh run (quartiles) | vs asked | MACs compacted / dense | median dense / compacted | test accuracy | fit time |\n|---|---|---|---|---|---|---|---|---|---|',
);
for (const row of rows) console.log(row);
