import { type LatencyStats, quantile } from './latency.js';

/** model.predict against its sparse runtime at one batch size, as `alternatedLatency` timed them. */
export interface DenseVsSparseTiming {
  /** Median ms per predict, output read back, with the interquartile range of the samples. */
  readonly denseMs: number;
  readonly denseP25Ms: number;
  readonly denseP75Ms: number;
  readonly sparseMs: number;
  readonly sparseP25Ms: number;
  readonly sparseP75Ms: number;
  /** Median of the per-round ratios model / sparse (the two samples of a round share the machine's load). */
  readonly speedup: number;
  /** Interquartile range of the per-round ratios. */
  readonly speedupP25: number;
  readonly speedupP75: number;
  readonly samples: number;
}

/** The timing of the `model` and `sparse` sides of one `alternatedLatency` call; `what` names the case in the error. */
export function denseVsSparse(stats: Readonly<Record<string, LatencyStats>>, what: string): DenseVsSparseTiming {
  const dense = stats['model'];
  const fast = stats['sparse'];
  if (dense === undefined || fast === undefined) throw new Error(`${what}: no samples`);
  // Samples alternate round by round, so the i-th of each were taken under the same load.
  const ratios = dense.samples.map((d, i) => d / (fast.samples[i] ?? Number.NaN)).sort((a, b) => a - b);
  return {
    denseMs: dense.medianMs,
    denseP25Ms: dense.p25Ms,
    denseP75Ms: dense.p75Ms,
    sparseMs: fast.medianMs,
    sparseP25Ms: fast.p25Ms,
    sparseP75Ms: fast.p75Ms,
    speedup: quantile(ratios, 0.5),
    speedupP25: quantile(ratios, 0.25),
    speedupP75: quantile(ratios, 0.75),
    samples: dense.samples.length,
  };
}
