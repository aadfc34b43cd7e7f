import { formatTable } from '@tfjs-prune/core/internal';

import type { SparseRun } from './sparse-run.js';

const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(2)} ms`;

/** Dense vs the pruned model through model.predict and through sparsify: what the zeros buy at inference. */
export function formatSparse(run: SparseRun, backend: string): string {
  const rows = run.latency.map((l) => [
    `latency, batch ${l.batch}`,
    ms(l.denseMs),
    ms(l.prunedMs),
    `${ms(l.sparseMs)} (${l.speedup.toFixed(2)}x faster)`,
  ]);
  const samples = [...new Set(run.latency.map((l) => l.samples))].join('/');
  return [
    formatTable(['', 'dense', 'pruned, model.predict', 'pruned, sparsify(model)'], rows),
    '',
    `sparsify(model) predicts what the pruned model does: max |difference| ${run.maxPredictionDifference.toExponential(1)} over ${run.testDigits.toLocaleString('en-US')} test digits (allowed 1e-5)`,
    `sparsify: ${run.runtime.runtime}; ${run.runtime.formats}`,
    `latency: median per predict over ${samples} samples of at least 50 ms, dense, pruned and sparse alternated in this process, backend ${backend}; speedup vs the pruned model's own predict`,
  ].join('\n');
}
