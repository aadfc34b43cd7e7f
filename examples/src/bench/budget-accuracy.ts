#!/usr/bin/env node
/**
 * Accuracy under a MAC target, measured: per seed, a model trains dense for `--epochs`; from the
 * same initial weights (or, with `--fine-tune N`, from the trained dense weights for N epochs,
 * against a dense model trained as long) it trains again per arm (budget-args.ts): with `"target": {"macs": keep}`
 * (pruning during fit, the last epoch fine-tuning with the final channels), the same with
 * distillation from that dense model, or with per-family sparsities spent by the dense model's
 * sensitivity table at the same MACs. Each pruned model is compacted and its test accuracy
 * compared with the dense one's. The target's allocation keeps the same fraction of every channel
 * family, so a uniform run at equal MACs is the same model and has no row of its own
 * (docs/budget.md, "Why uniform"); the sensitivity arm is the allocation measured against it.
 *
 *   pnpm bench:budget -- --model resnet --data mnist --train 4000 --test 2000 --epochs 4 --seeds 3
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import '@tfjs-prune/callbacks/budget';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { fitWithDistillation } from '@tfjs-prune/callbacks/distillation';
import { channelGraph, channelSensitivity, countMacs } from '@tfjs-prune/core';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';

import { loadData, toTensors } from '../data/index.js';
import { BUDGET_BENCH_USAGE, parseBudgetArgs } from './budget-args.js';
import { BUDGET_MODELS, macTargetConfig, targetSchedule } from './budget-models.js';
import { sensitivityBudget, sensitivityBudgetConfig } from './budget-sensitivity.js';
import { disposeModel } from './models.js';
import { splitRange } from './split-range.js';
import { minMax } from './stats.js';
import { testAccuracy } from './test-accuracy.js';

const parsed = parseBudgetArgs(process.argv.slice(2));
if (parsed === 'help') {
  console.log(BUDGET_BENCH_USAGE);
  process.exit(0);
}
const args = parsed;
await selectBackend('wasm', { log: false });
tf.env().set('PROD', true);
registerWasmTrainingKernels();
const spec = BUDGET_MODELS[args.model];
const BATCH = 64;

interface Run {
  readonly variant: string;
  readonly keep: number;
  readonly seed: number;
  readonly accuracy: number;
  readonly macs: number;
  readonly channels: string;
}

const runs: Run[] = [];
const denseMacs = (() => {
  const model = spec.build(0);
  const macs = countMacs(model).total;
  disposeModel(model);
  return macs;
})();
const record = (run: Run) => {
  runs.push(run);
  console.log(`seed ${run.seed} ${run.variant}${run.keep < 1 ? ` macs ${run.keep}` : ''}: ${(run.accuracy * 100).toFixed(2)}% at ${run.macs} MACs${run.channels === '' ? '' : ` (${run.channels})`}`);
};

const VARIANTS = { target: 'target', distillation: 'target + distillation', sensitivity: 'sensitivity' } as const;
for (let seed = args.firstSeed; seed < args.firstSeed + args.seeds; seed++) {
  const split = loadData(args.data, { trainSize: args.trainSize + args.validation, testSize: args.testSize, seed });
  const train = toTensors(splitRange(split.train, 0, args.trainSize), { flatten: spec.flatten });
  const held = toTensors(splitRange(split.train, args.trainSize, args.trainSize + args.validation), { flatten: spec.flatten });
  const test = toTensors(split.test, { flatten: spec.flatten });
  const dense = spec.build(seed);
  await dense.fit(train.x, train.y, { epochs: args.epochs, batchSize: BATCH, verbose: 0 });
  /** From the same initial weights (from scratch), or from the trained dense weights (fine-tuning). */
  const start = (): tfl.LayersModel => {
    const model = spec.build(seed);
    if (args.fineTune > 0) model.setWeights(dense.getWeights());
    return model;
  };
  const epochs = args.fineTune > 0 ? args.fineTune : args.epochs;
  if (args.fineTune > 0) {
    record({ variant: 'dense, before fine-tuning', keep: 1, seed, accuracy: await testAccuracy(dense, test), macs: denseMacs, channels: '' });
    // The reference trains as long as the pruned runs do in all.
    const reference = start();
    await reference.fit(train.x, train.y, { epochs, batchSize: BATCH, verbose: 0 });
    record({ variant: 'dense', keep: 1, seed, accuracy: await testAccuracy(reference, test), macs: denseMacs, channels: '' });
    disposeModel(reference);
  } else {
    record({ variant: 'dense', keep: 1, seed, accuracy: await testAccuracy(dense, test), macs: denseMacs, channels: '' });
  }
  const graph = channelGraph(dense);
  const table = args.arms.includes('sensitivity') ? await channelSensitivity(dense, { graph, evaluate: (model) => testAccuracy(model, held) }) : undefined;
  for (const keep of args.keeps) {
    for (const arm of args.arms) {
      const student = start();
      const config = arm === 'sensitivity' ? sensitivityBudgetConfig(graph.families, sensitivityBudget(dense, graph.families, table!, keep), targetSchedule(epochs)) : macTargetConfig(args.model, keep, epochs);
      const pruning = new PruningCallback(config);
      pruning.attach(student);
      const fitArgs: tfl.ModelFitArgs = { epochs, batchSize: BATCH, verbose: 0, callbacks: [pruning] };
      if (arm === 'distillation') await fitWithDistillation(student, dense, train.x, train.y, { ...fitArgs, alpha: 0.5, temperature: 4 });
      else await student.fit(train.x, train.y, fitArgs);
      const channels = pruning
        .report()
        .pruners.flatMap((p) => p.channels)
        .map((c) => `${c.family} ${c.kept}/${c.channels}`)
        .join(', ');
      const { model: small } = await compactPruned(pruning);
      record({ variant: VARIANTS[arm], keep, seed, accuracy: await testAccuracy(small, test), macs: countMacs(small).total, channels });
      small.dispose();
      disposeModel(student);
    }
  }
  disposeModel(dense);
  tf.dispose([train.x, train.y, held.x, held.y, test.x, test.y]);
}

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)}`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `\n${args.model}, ${args.trainSize} training / ${args.validation} held out / ${args.testSize} test images, ${args.fineTune > 0 ? `dense ${args.epochs} epochs, then ${args.fineTune} of pruning (or of dense training) from it` : `${args.epochs} epochs from the same initial weights`}, batch ${BATCH}, ${args.seeds} seeds, wasm\n\n` +
    '| variant | MACs after compaction (vs target) | test accuracy, mean | min–max over seeds | vs dense, mean of per-seed differences (min–max) |\n|---|---|---|---|---|',
);
const variants = [...new Set(runs.map((r) => `${r.keep}|${r.variant}`))];
for (const key of variants) {
  const rows = runs.filter((r) => `${r.keep}|${r.variant}` === key);
  const [keep, variant] = [rows[0]!.keep, rows[0]!.variant];
  const accuracies = rows.map((r) => r.accuracy);
  const range = minMax(accuracies);
  const differences = rows.map((r) => r.accuracy - runs.find((d) => d.variant === 'dense' && d.seed === r.seed)!.accuracy);
  const spread = minMax(differences);
  const macs = minMax(rows.map((r) => r.macs));
  const versus = (m: number) => `${points(m / (keep * denseMacs) - 1)}%`;
  const macsText = keep === 1 ? `${denseMacs}` : macs.min === macs.max ? `${macs.min} (${versus(macs.min)})` : `${macs.min}–${macs.max} (${versus(macs.min)} to ${versus(macs.max)})`;
  console.log(
    `| ${keep === 1 ? variant : `${variant}, macs ${keep}`} | ${macsText} | ${percent(mean(accuracies))} | ${percent(range.min)}–${percent(range.max)} | ${keep === 1 ? '' : `${points(mean(differences))} (${points(spread.min)} to ${points(spread.max)})`} |`,
  );
}
