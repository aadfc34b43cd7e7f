/**
 * Inference speed against channels kept: each CNN is built dense and as hand-narrowed copies with
 * 50% and 25% of the channels of every prunable group (the shapes that compacting a model
 * channel-pruned to 50% / 75% gives), and the copies' latency is measured against the dense net's,
 * alternated in one process, at batch 1 and 64, on wasm and cpu. The weights are the seeded
 * initial ones: latency does not depend on their values.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

import { countMacs } from '@tfjs-prune/core';

import { CNN_MODELS, type CnnName } from '../models/cnn-models.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { alternatedLatency, digitBatch, latencyFields, type LatencyOptions } from './latency.js';
import { disposeModel } from './models.js';
import { type LatencyRow, latencyMarkdown, latencyPlot } from './latency-report.js';

export const LATENCY_CHANNELS = [1, 0.5, 0.25] as const;
export const LATENCY_BATCHES = [1, 64] as const;
export const LATENCY_BACKENDS = ['wasm', 'cpu'] as const;

/** A {@link LatencyRow} of the narrowed copies, with the spread's extremes and speedup per MAC ratio. */
export interface NarrowedLatencyRow extends LatencyRow {
  model: CnnName;
  minMs: number;
  maxMs: number;
  /** speedup / macRatio: 1 when time is proportional to MACs. */
  efficiency: number;
}

export function latencyOptions(ctx: SuiteContext): LatencyOptions {
  return { warmup: 3, repeats: ctx.args.rounds ?? (ctx.args.full ? 25 : 11), minSampleMs: 50, budgetMs: ctx.args.full ? 180_000 : 60_000 };
}

export async function runLatency(ctx: SuiteContext): Promise<SuiteOutput> {
  const options = latencyOptions(ctx);
  const rows: NarrowedLatencyRow[] = [];
  const initialBackend = tf.getBackend();
  try {
    for (const backend of LATENCY_BACKENDS) {
      await tf.setBackend(backend);
      for (const name of ctx.args.models) {
        // LATENCY_CHANNELS starts with 1: the dense net every copy is compared with.
        const copies = LATENCY_CHANNELS.map((channels) => {
          const model = CNN_MODELS[name].create(1, channels);
          return { channels, model, macs: countMacs(model).total, params: model.countParams() };
        });
        const dense = copies[0] as (typeof copies)[number];
        try {
          for (const batch of LATENCY_BATCHES) {
            const input = digitBatch(batch);
            const stats = alternatedLatency(Object.fromEntries(copies.map((c) => [String(c.channels), c.model])), input, options);
            input.dispose();
            const denseStats = stats[String(dense.channels)];
            const denseMs = denseStats?.medianMs ?? Number.NaN;
            for (const copy of copies) {
              const s = stats[String(copy.channels)];
              if (s === undefined) continue;
              const { model: _model, ...counts } = copy;
              const macRatio = dense.macs / copy.macs;
              const speedup = denseMs / s.medianMs;
              const cpuSpeedup = (denseStats?.cpuMedianMs ?? Number.NaN) / s.cpuMedianMs;
              rows.push({ model: name, ...counts, backend, batch, macRatio, ...latencyFields(s), speedup, cpuSpeedup, efficiency: speedup / macRatio });
            }
            const line = rows.filter((r) => r.model === name && r.backend === backend && r.batch === batch);
            ctx.progress.log(`latency: ${name} ${backend} batch ${batch}: ${line.map((r) => `${r.channels * 100}% ${r.medianMs.toFixed(2)} ms (${r.speedup.toFixed(2)}x, CPU ${r.cpuSpeedup.toFixed(2)}x)`).join(', ')}`);
          }
        } finally {
          for (const copy of copies) disposeModel(copy.model);
        }
      }
    }
  } finally {
    await tf.setBackend(initialBackend);
  }
  return {
    name: 'latency',
    json: { options, channels: LATENCY_CHANNELS, batches: LATENCY_BATCHES, backends: LATENCY_BACKENDS, rows },
    markdown: latencyMarkdown(rows, options),
    plots: { 'latency-vs-channels.svg': latencyPlot(rows, 'Inference latency vs channels kept (hand-narrowed copies)') },
  };
}
