import * as tf from '@tensorflow/tfjs-core';

/** Anything that predicts like a LayersModel: the model itself, or its sparsified copy. */
export interface Predictor {
  predict(x: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[];
}

export interface SideLatency {
  /** Median milliseconds per predict (output read back) over the samples. */
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly samples: readonly number[];
}

/**
 * The two sides take turns, sample by sample, after warm-up, so a slow patch on a shared machine
 * hits both; a sample is as many back-to-back predictions as fill `minSampleMs`, each read back
 * with dataSync (what a caller waits for). The repository's benchmarks use the same scheme
 * (examples/src/bench/latency.ts), with more statistics.
 */
export function alternatedLatency(sides: Readonly<Record<'model' | 'sparse', Predictor>>, input: tf.Tensor | tf.Tensor[], repeats: number, minSampleMs = 50): Record<'model' | 'sparse', SideLatency> {
  const once = (side: Predictor): number => {
    const started = performance.now();
    const output = side.predict(input);
    const outputs = Array.isArray(output) ? output : [output];
    for (const t of outputs) t.dataSync();
    tf.dispose(outputs);
    return performance.now() - started;
  };
  const names = ['model', 'sparse'] as const;
  const calls = { model: 1, sparse: 1 };
  for (const name of names) {
    let last = 0;
    for (let i = 0; i < 3; i++) last = once(sides[name]);
    calls[name] = Math.max(1, Math.ceil(minSampleMs / Math.max(last, 1e-3)));
  }
  const samples: Record<'model' | 'sparse', number[]> = { model: [], sparse: [] };
  for (let round = 0; round < repeats; round++) {
    for (let k = 0; k < 2; k++) {
      const name = names[(round + k) % 2] as 'model' | 'sparse';
      let total = 0;
      for (let i = 0; i < calls[name]; i++) total += once(sides[name]);
      samples[name].push(total / calls[name]);
    }
  }
  const summary = (values: number[]): SideLatency => {
    const sorted = [...values].sort((a, b) => a - b);
    return { medianMs: quantile(sorted, 0.5), p25Ms: quantile(sorted, 0.25), p75Ms: quantile(sorted, 0.75), samples: values };
  };
  return { model: summary(samples.model), sparse: summary(samples.sparse) };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}
