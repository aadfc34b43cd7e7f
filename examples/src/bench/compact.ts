/**
 * Issue 10's measured speed: each CNN is trained dense, and channel-pruned during `fit` to 50% and
 * 75% (structured granularity), then compacted; reported are test accuracy (dense, pruned,
 * compacted), parameters, MACs, and inference latency of dense vs compacted at batch 1 and 64 on
 * wasm and cpu, alternated in one process. Compaction is @tfjs-prune/compact, called in
 * compact-model.ts. Nine trainings of 2 epochs on 2,000 digits
 * (6 epochs on 8,000 with --full: about 45 minutes on 2 idle cores, mostly the MobileNet's).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { PruningCallback } from '@tfjs-prune/callbacks';
import { countMacs } from '@tfjs-prune/core';

import { type Split, toTensors } from '../data/index.js';
import { CNN_MODELS, type CnnName } from '../models/cnn-models.js';
import { compactMarkdown, type CompactAccuracyRow, type FoldingRow } from './compact-report.js';
import { compactPruningConfig } from './compact-config.js';
import { type CompactedModel, compactModel, inferenceModel } from './compact-model.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { alternatedLatency, digitBatch, latencyFields } from './latency.js';
import { copyModel } from './model-copy.js';
import { disposeModel } from './models.js';
import { LATENCY_BACKENDS, LATENCY_BATCHES, latencyOptions } from './latency-suite.js';
import { type LatencyRow, latencyPlot } from './latency-report.js';
import { registerWasmTrainingKernels } from './wasm-training-kernels.js';

export const COMPACT_SPARSITIES = [0.5, 0.75] as const;
/**
 * Training digits of the quick run (--full: all 8,000). Nine CNN trainings on 8,000 digits take
 * about 45 minutes on 2 idle cores; the quick run trades accuracy for a run that fits in a
 * shared machine's quarter hour, and says so in its output.
 */
export const QUICK_TRAIN_DIGITS = 2000;

type Tensors = { x: tf.Tensor; y: tf.Tensor };

export async function runCompact(ctx: SuiteContext): Promise<SuiteOutput> {
  if (tf.getBackend() === 'wasm') registerWasmTrainingKernels();
  const epochs = ctx.args.full ? 6 : 2;
  const data = ctx.data();
  const trainDigits = ctx.args.full ? data.train.count : Math.min(QUICK_TRAIN_DIGITS, data.train.count);
  const train = toTensors(firstDigits(data.train, trainDigits), { flatten: false });
  const test = toTensors(data.test, { flatten: false });
  const accuracy: CompactAccuracyRow[] = [];
  const latency: LatencyRow[] = [];
  const folding: FoldingRow[] = [];
  try {
    for (const name of ctx.args.models) {
      const variants = new Map<number, tfl.LayersModel>();
      try {
        ctx.progress.log(`compact: ${name} dense, ${epochs} epochs`);
        const dense = CNN_MODELS[name].create(1, 1);
        variants.set(1, dense);
        await dense.fit(train.x, train.y, { epochs, batchSize: 64, shuffle: false, verbose: 0 });
        const denseAccuracy = await testAccuracy(dense, test);
        for (const sparsity of COMPACT_SPARSITIES) {
          ctx.progress.log(`compact: ${name} pruned to ${sparsity * 100}% of its channels during fit`);
          const row = await pruneAndCompact(name, sparsity, epochs, train, test);
          accuracy.push({ ...row.counts, model: name, sparsity, denseAccuracy, denseParams: dense.countParams(), denseMacs: countMacs(dense).total });
          variants.set(1 - sparsity, row.compacted);
          ctx.progress.log(`compact: ${name} at ${sparsity * 100}%: accuracy ${pct(denseAccuracy)} dense, ${pct(row.counts.prunedAccuracy)} pruned, ${pct(row.counts.compactedAccuracy)} compacted`);
        }
        const measured = await measureVariants(ctx, name, variants);
        latency.push(...measured.rows);
        folding.push(...measured.folding);
      } finally {
        for (const model of variants.values()) disposeModel(model);
      }
    }
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
  return {
    name: 'compact',
    json: { epochs, trainDigits, testDigits: data.test.count, sparsities: COMPACT_SPARSITIES, config: compactPruningConfig(0.5, epochs), latencyOptions: latencyOptions(ctx), accuracy, latency, folding },
    markdown: `${compactMarkdown(accuracy, latency, epochs, folding)}\n\nTrained on ${trainDigits} MNIST digits, tested on ${data.test.count}${ctx.args.full ? '' : ' (the quick run; `--full` trains on 8,000 digits for 6 epochs)'}.`,
    plots: { 'compact-latency-vs-channels.svg': latencyPlot(latency, 'Inference latency, dense vs compacted') },
  };
}

/**
 * One pruned run: fit with the channel-pruning callback, strip the masks, compact (with
 * `compactor`, compactModel unless a test passes a stand-in) and measure both models.
 */
export async function pruneAndCompact(
  name: CnnName,
  sparsity: number,
  epochs: number,
  train: Tensors,
  test: Tensors,
  compactor: (model: tfl.LayersModel) => Promise<CompactedModel> = compactModel,
) {
  const model = CNN_MODELS[name].create(1, 1);
  const pruning = new PruningCallback(compactPruningConfig(sparsity, epochs));
  try {
    await model.fit(train.x, train.y, { epochs, batchSize: 64, shuffle: false, verbose: 0, callbacks: [pruning] });
    pruning.strip();
    const prunedAccuracy = await testAccuracy(model, test);
    const { model: compacted } = await compactor(model);
    const compactedAccuracy = await testAccuracy(compacted, test);
    const maxPredictionDifference = await maxDifference(model, compacted, test.x);
    return {
      compacted,
      counts: { prunedAccuracy, compactedAccuracy, maxPredictionDifference, compactedParams: compacted.countParams(), compactedMacs: countMacs(compacted).total },
    };
  } finally {
    pruning.strip();
    disposeModel(model);
  }
}

/** The dense net as trained (BN unfolded), alternated with the folded variants when it has BN to fold. */
const AS_TRAINED = 'as-trained';

/**
 * Latency of every variant of one model, alternated per backend and batch size, each on its own
 * copy. Every variant runs with its BatchNormalization folded (inferenceModel), the dense one
 * included; the dense net as trained runs alongside, for what folding alone gives.
 */
async function measureVariants(ctx: SuiteContext, name: CnnName, variants: ReadonlyMap<number, tfl.LayersModel>): Promise<{ rows: LatencyRow[]; folding: FoldingRow[] }> {
  const rows: LatencyRow[] = [];
  const folding: FoldingRow[] = [];
  const initial = tf.getBackend();
  const dense = variants.get(1) as tfl.LayersModel;
  const inference = new Map<number, tfl.LayersModel>();
  let foldedLayers = 0;
  try {
    for (const [channels, model] of variants) {
      const { model: folded, folded: count } = await inferenceModel(model);
      inference.set(channels, folded);
      if (channels === 1) foldedLayers = count;
    }
    for (const backend of LATENCY_BACKENDS) {
      await tf.setBackend(backend);
      const copies = new Map<string, tfl.LayersModel>();
      try {
        for (const [channels, model] of inference) copies.set(String(channels), await copyModel(model));
        if (foldedLayers > 0) copies.set(AS_TRAINED, await copyModel(dense));
        for (const batch of LATENCY_BATCHES) {
          const input = digitBatch(batch);
          const stats = alternatedLatency(Object.fromEntries(copies), input, latencyOptions(ctx));
          input.dispose();
          const denseMs = stats['1']?.medianMs ?? Number.NaN;
          const denseCpuMs = stats['1']?.cpuMedianMs ?? Number.NaN;
          const denseMacs = countMacs(dense).total;
          for (const [channels, model] of inference) {
            const s = stats[String(channels)];
            if (s === undefined) continue;
            const macs = countMacs(model).total;
            rows.push({ model: name, channels, backend, batch, params: model.countParams(), macs, macRatio: denseMacs / macs, ...latencyFields(s), speedup: denseMs / s.medianMs, cpuSpeedup: denseCpuMs / s.cpuMedianMs });
          }
          const asTrained = stats[AS_TRAINED];
          if (asTrained !== undefined) {
            const halfMs = stats['0.5']?.medianMs ?? Number.NaN;
            folding.push({ model: name, backend, batch, foldedLayers, asTrainedMs: asTrained.medianMs, foldedMs: denseMs, foldingSpeedup: asTrained.medianMs / denseMs, halfChannelsSpeedup: asTrained.medianMs / halfMs });
          }
          const line = [...copies.keys()].map((k) => `${k === AS_TRAINED ? 'dense as trained' : `${Number(k) * 100}%`} ${(stats[k]?.medianMs ?? Number.NaN).toFixed(2)} ms`);
          ctx.progress.log(`compact: ${name} ${backend} batch ${batch} (BN folded): ${line.join(', ')}`);
        }
      } finally {
        for (const copy of copies.values()) copy.dispose();
      }
    }
  } finally {
    for (const model of inference.values()) model.dispose();
  }
  await tf.setBackend(initial);
  return { rows, folding };
}

function firstDigits(split: Split, count: number): Split {
  const size = split.imageShape[0] * split.imageShape[1];
  return { ...split, images: split.images.subarray(0, count * size), labels: split.labels.subarray(0, count), count };
}

async function testAccuracy(model: tfl.LayersModel, test: Tensors): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.x, { batchSize: 500 }) as tf.Tensor, -1));
  const labels = tf.tidy(() => tf.argMax(test.y, -1));
  const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(predicted, labels), 'float32')));
  const value = (await correct.data())[0] ?? Number.NaN;
  tf.dispose([predicted, labels, correct]);
  return value / (test.y.shape[0] ?? 1);
}

/** Largest |pruned − compacted| over the test predictions: compaction must not change them. */
async function maxDifference(a: tfl.LayersModel, b: tfl.LayersModel, x: tf.Tensor): Promise<number> {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a.predict(x, { batchSize: 500 }) as tf.Tensor, b.predict(x, { batchSize: 500 }) as tf.Tensor))));
  const value = (await diff.data())[0] ?? Number.NaN;
  diff.dispose();
  return value;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
