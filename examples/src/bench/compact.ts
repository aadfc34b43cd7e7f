/**
 * Issue 10's measured speed: each CNN is trained dense, and channel-pruned during `fit` to 50% and
 * 75% (structured granularity), then compacted; reported are test accuracy (dense, pruned,
 * compacted), parameters, MACs, and inference latency of dense vs compacted at batch 1 and 64 on
 * wasm and cpu, alternated in one process. The nine trainings (compact-training.ts) run on
 * `--jobs` worker processes and save their models; latency is measured afterwards, here, with
 * no training sharing the cores. Two epochs on 2,000 digits; 6 epochs on 8,000 with --full.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { countMacs } from '@tfjs-prune/core';
import { fileSystem } from '@tfjs-prune/core/node';

import type { CnnName } from '../models/cnn-models.js';
import { dataFlag } from './accuracy.js';
import { compactMarkdown, type CompactAccuracyRow, type FoldingRow } from './compact-report.js';
import { compactPruningConfig } from './compact-config.js';
import { inferenceModel } from './compact-model.js';
import type { CompactTrainingResult, CompactTrainingSpec } from './compact-training.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { alternatedLatency, digitBatch, latencyFields } from './latency.js';
import { copyModel } from './model-copy.js';
import { LATENCY_BACKENDS, LATENCY_BATCHES, latencyOptions } from './latency-suite.js';
import { type LatencyRow, latencyPlot } from './latency-report.js';
import { runInWorkerPool } from './worker-pool.js';

export const COMPACT_SPARSITIES = [0.5, 0.75] as const;
/**
 * Training digits of the quick run (--full: all 8,000). The nine CNN trainings on 8,000 digits
 * take about 80 core-minutes; the quick run trades accuracy for a run that fits in a shared
 * machine's quarter hour, and says so in its output.
 */
export const QUICK_TRAIN_DIGITS = 2000;

/** The trainings of one suite run: per model, the dense net, then each sparsity. */
export function compactTrainingSpecs(models: readonly CnnName[], options: { epochs: number; trainDigits: number; dir: string }): CompactTrainingSpec[] {
  return models.flatMap((model) => [0, ...COMPACT_SPARSITIES].map((sparsity) => ({ id: `${model}-${sparsity === 0 ? 'dense' : sparsity * 100}`, model, sparsity, ...options })));
}

export async function runCompact(ctx: SuiteContext): Promise<SuiteOutput> {
  const epochs = ctx.args.full ? 6 : 2;
  const data = ctx.data();
  const trainDigits = ctx.args.full ? data.train.count : Math.min(QUICK_TRAIN_DIGITS, data.train.count);
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-bench-compact-'));
  const accuracy: CompactAccuracyRow[] = [];
  const latency: LatencyRow[] = [];
  const folding: FoldingRow[] = [];
  try {
    const specs = compactTrainingSpecs(ctx.args.models, { epochs, trainDigits, dir });
    const results = await trainInWorkers(ctx, specs);
    const failed = [...results.values()].filter((r) => r.status !== 'ok');
    if (failed.length > 0) throw new Error(`compact: ${failed.map((r) => `${r.spec.id} failed: ${r.reason ?? '?'}`).join('; ')}`);
    for (const name of ctx.args.models) {
      const runs = specs.filter((s) => s.model === name).map((s) => results.get(s.id) as CompactTrainingResult);
      const dense = runs.find((r) => r.spec.sparsity === 0) as CompactTrainingResult;
      for (const run of runs.filter((r) => r.spec.sparsity > 0)) {
        accuracy.push({
          model: name,
          sparsity: run.spec.sparsity,
          denseAccuracy: dense.accuracy ?? Number.NaN,
          prunedAccuracy: run.accuracy ?? Number.NaN,
          compactedAccuracy: run.compactedAccuracy ?? Number.NaN,
          maxPredictionDifference: run.maxPredictionDifference ?? Number.NaN,
          denseParams: dense.params ?? Number.NaN,
          compactedParams: run.params ?? Number.NaN,
          denseMacs: dense.macs ?? Number.NaN,
          compactedMacs: run.macs ?? Number.NaN,
        });
      }
      const variants = new Map<number, tfl.LayersModel>();
      try {
        for (const run of runs) variants.set(1 - run.spec.sparsity, await tfl.loadLayersModel(fileSystem(run.saved as string)));
        const measured = await measureVariants(ctx, name, variants);
        latency.push(...measured.rows);
        folding.push(...measured.folding);
      } finally {
        for (const model of variants.values()) model.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name: 'compact',
    json: { epochs, trainDigits, testDigits: data.test.count, sparsities: COMPACT_SPARSITIES, config: compactPruningConfig(0.5, epochs), jobs: ctx.args.jobs, latencyOptions: latencyOptions(ctx), accuracy, latency, folding },
    markdown: `${compactMarkdown(accuracy, latency, epochs, folding)}\n\nTrained on ${trainDigits} MNIST digits, tested on ${data.test.count}${ctx.args.full ? '' : ' (the quick run; `--full` trains on 8,000 digits for 6 epochs)'}.`,
    plots: { 'compact-latency-vs-channels.svg': latencyPlot(latency, 'Inference latency, dense vs compacted') },
  };
}

async function trainInWorkers(ctx: SuiteContext, specs: readonly CompactTrainingSpec[]): Promise<Map<string, CompactTrainingResult>> {
  const started = performance.now();
  const script = fileURLToPath(new URL('./compact-worker.js', import.meta.url));
  ctx.progress.log(`compact: ${specs.length} trainings on ${Math.min(ctx.args.jobs, specs.length)} worker process(es)`);
  // Longest first (the specs list the biggest net last), so the workers finish at about the same time.
  return runInWorkerPool<CompactTrainingSpec, CompactTrainingResult>(script, [...specs].reverse(), {
    jobs: ctx.args.jobs,
    args: [ctx.args.backend, dataFlag(ctx.args.data)],
    idOf: (spec) => spec.id,
    resultId: (result) => result.spec.id,
    onLog: (worker, line) => ctx.progress.log(`compact[${worker}] ${line}`),
    onResult: (r, done) => {
      const what =
        r.status !== 'ok'
          ? `failed: ${r.reason ?? ''}`
          : r.spec.sparsity === 0
            ? `dense accuracy ${pct(r.accuracy ?? NaN)}`
            : `accuracy ${pct(r.accuracy ?? NaN)} pruned, ${pct(r.compactedAccuracy ?? NaN)} compacted`;
      ctx.progress.step(`compact: ${r.spec.id}: ${what}, ${Math.round(r.seconds ?? NaN)} s`, done, specs.length, started);
    },
    failed: (spec, reason) => ({ spec, status: 'failed', reason }),
  });
}

/**
 * Whether the latency rows of a backend time the models with BatchNormalization folded
 * (foldBatchNorm), the form to ship there. On wasm folding removes a pass per BN; on tfjs's cpu
 * backend it is slower (about 0.75x for the dense MobileNet-style net at batch 64 here): cpu adds
 * a bias with a broadcasting loop that costs more than its BatchNorm kernel. The folding table
 * re-measures this in every run: each alternation also times the dense net in the other form.
 */
export const FOLD_BATCH_NORM_ON: Readonly<Record<(typeof LATENCY_BACKENDS)[number], boolean>> = { wasm: true, cpu: false };

/** Key of the dense net in the form the rows do not use, alternated with them when it has BN to fold. */
const OTHER_FORM = 'other-form';

/**
 * Latency of every variant of one model, alternated per backend and batch size, each on its own
 * copy, in the backend's form (FOLD_BATCH_NORM_ON), dense and compacted alike, so a speedup is
 * what removing channels gives; the dense net in the other form runs alongside, for what folding
 * alone gives.
 */
async function measureVariants(ctx: SuiteContext, name: CnnName, asTrained: ReadonlyMap<number, tfl.LayersModel>): Promise<{ rows: LatencyRow[]; folding: FoldingRow[] }> {
  const rows: LatencyRow[] = [];
  const folding: FoldingRow[] = [];
  const initial = tf.getBackend();
  const folded = new Map<number, tfl.LayersModel>();
  let foldedLayers = 0;
  try {
    for (const [channels, model] of asTrained) {
      const inference = await inferenceModel(model);
      folded.set(channels, inference.model);
      if (channels === 1) foldedLayers = inference.folded;
    }
    for (const backend of LATENCY_BACKENDS) {
      await tf.setBackend(backend);
      const fold = FOLD_BATCH_NORM_ON[backend];
      const variants = fold ? folded : asTrained;
      const copies = new Map<string, tfl.LayersModel>();
      try {
        for (const [channels, model] of variants) copies.set(String(channels), await copyModel(model));
        if (foldedLayers > 0) copies.set(OTHER_FORM, await copyModel((fold ? asTrained : folded).get(1) as tfl.LayersModel));
        for (const batch of LATENCY_BATCHES) {
          const input = digitBatch(batch);
          const stats = alternatedLatency(Object.fromEntries(copies), input, latencyOptions(ctx));
          input.dispose();
          const denseMs = stats['1']?.medianMs ?? Number.NaN;
          const denseCpuMs = stats['1']?.cpuMedianMs ?? Number.NaN;
          const denseMacs = countMacs(variants.get(1) as tfl.LayersModel).total;
          for (const [channels, model] of variants) {
            const s = stats[String(channels)];
            if (s === undefined) continue;
            const macs = countMacs(model).total;
            rows.push({ model: name, channels, backend, batch, params: model.countParams(), macs, macRatio: denseMacs / macs, ...latencyFields(s), speedup: denseMs / s.medianMs, cpuSpeedup: denseCpuMs / s.cpuMedianMs });
          }
          const other = stats[OTHER_FORM];
          if (other !== undefined) {
            const [asTrainedMs, foldedMs] = fold ? [other.medianMs, denseMs] : [denseMs, other.medianMs];
            const halfMs = stats['0.5']?.medianMs ?? Number.NaN;
            folding.push({ model: name, backend, batch, foldedLayers, rowsFolded: fold, asTrainedMs, foldedMs, foldingSpeedup: asTrainedMs / foldedMs, halfChannelsSpeedup: asTrainedMs / halfMs });
          }
          const line = [...copies.keys()].map((k) => `${k === OTHER_FORM ? `dense ${fold ? 'as trained' : 'folded'}` : `${Number(k) * 100}%`} ${(stats[k]?.medianMs ?? Number.NaN).toFixed(2)} ms`);
          ctx.progress.log(`compact: ${name} ${backend} batch ${batch} (BN ${fold ? 'folded' : 'as trained'}): ${line.join(', ')}`);
        }
      } finally {
        for (const copy of copies.values()) copy.dispose();
      }
    }
  } finally {
    for (const model of folded.values()) model.dispose();
  }
  await tf.setBackend(initial);
  return { rows, folding };
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
