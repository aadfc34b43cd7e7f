import * as tf from '@tensorflow/tfjs-core';

import { median } from './stats.js';

export interface LatencyOptions {
  /** Untimed predictions of each model before the first sample (kernel setup, XNNPACK packing);
   *  one only, when a call takes longer than 10 × minSampleMs. */
  readonly warmup: number;
  /** Timed samples of each model; the models take turns, sample by sample. */
  readonly repeats: number;
  /**
   * Time budget for all samples of one call of {@link alternatedLatency}: slow configurations
   * (the cpu backend at batch 64) take fewer samples, never fewer than 3. Defaults to no limit.
   */
  readonly budgetMs?: number;
  /** A sample runs enough predictions back to back to last about this long, so the clock's
   *  resolution and one-off hiccups weigh little at batch 1. */
  readonly minSampleMs: number;
}

export interface LatencyStats {
  /** Median over the samples of the mean milliseconds per `predict` in each sample. */
  readonly medianMs: number;
  /** Interquartile range of those samples: the spread to quote with the median. */
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Predictions per sample. */
  readonly callsPerSample: number;
  readonly samples: readonly number[];
  /**
   * Median of the process's CPU time (user + system) per `predict`. On a machine shared with
   * other jobs, wall time includes waiting for a core and CPU time does not; for the
   * single-threaded wasm and cpu backends the two agree on an idle machine. NaN in a page.
   */
  readonly cpuMedianMs: number;
}

/**
 * What the harness times: a LayersModel, or anything that predicts like one (a SparseModel).
 * Tensors in, a tensor or several out, each read back and disposed by the harness.
 */
export interface Predictor {
  predict(x: tf.Tensor, args?: { batchSize?: number }): tf.Tensor | tf.Tensor[];
}

/**
 * Inference latency of several models on one input batch, on the current backend, in one
 * process: every model is warmed up, then samples alternate between the models (in a rotating
 * order), so a slow patch on a shared machine hits all of them alike and their ratios hold even
 * when absolute times drift. A `predict` is timed until its output is read back (`dataSync`), so
 * asynchronous backends are timed to completion too, and the whole batch goes through as one.
 */
export function alternatedLatency(models: Readonly<Record<string, Predictor>>, input: tf.Tensor, options: LatencyOptions): Record<string, LatencyStats> {
  const names = Object.keys(models);
  const once = (name: string): number => {
    const started = performance.now();
    // predict would otherwise split the batch into chunks of 32.
    const output = (models[name] as Predictor).predict(input, { batchSize: input.shape[0] });
    const outputs = Array.isArray(output) ? output : [output];
    for (const t of outputs) t.dataSync();
    tf.dispose(outputs);
    return performance.now() - started;
  };
  const calls: Record<string, number> = {};
  let roundMs = 0;
  for (const name of names) {
    // A 30-second call warms up in one go; only fast models need several calls.
    let last = 0;
    const warmStarted = performance.now();
    for (let i = 0; i < Math.max(1, options.warmup) && (i === 0 || performance.now() - warmStarted < options.minSampleMs * 10); i++) last = once(name);
    calls[name] = Math.max(1, Math.ceil(options.minSampleMs / Math.max(last, 1e-3)));
    roundMs += (calls[name] as number) * last;
  }
  const repeats = Math.min(options.repeats, Math.max(3, Math.floor((options.budgetMs ?? Number.POSITIVE_INFINITY) / roundMs)));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpuSamples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < repeats; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as string;
      const n = calls[name] as number;
      const cpuStarted = cpuMs();
      let total = 0;
      for (let i = 0; i < n; i++) total += once(name);
      samples[name]?.push(total / n);
      cpuSamples[name]?.push((cpuMs() - cpuStarted) / n);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { ...summarize(samples[name] ?? [], calls[name] ?? 1), cpuMedianMs: median(cpuSamples[name] ?? []) }]));
}

/**
 * The process's CPU time in ms (user + system), NaN in a page: the harness also runs in the
 * browser demo, where there is no such clock.
 */
function cpuMs(): number {
  const usage = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } }).process?.cpuUsage();
  return usage === undefined ? Number.NaN : (usage.user + usage.system) / 1000;
}

export function summarize(samples: readonly number[], callsPerSample: number): Omit<LatencyStats, 'cpuMedianMs'> {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: median(sorted),
    p25Ms: quantile(sorted, 0.25),
    p75Ms: quantile(sorted, 0.75),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
    callsPerSample,
    samples,
  };
}

/** Linear interpolation between closest ranks (the spreadsheet convention); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

/** A random batch of 28×28×1 digits-shaped input (latency does not depend on the values). */
export function digitBatch(batch: number): tf.Tensor4D {
  return tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
}

/** The numbers of a {@link LatencyStats} that go into a result row (not the raw samples). */
export function latencyFields(s: LatencyStats): { medianMs: number; p25Ms: number; p75Ms: number; minMs: number; maxMs: number; cpuMedianMs: number } {
  return { medianMs: s.medianMs, p25Ms: s.p25Ms, p75Ms: s.p75Ms, minMs: s.minMs, maxMs: s.maxMs, cpuMedianMs: s.cpuMedianMs };
}
