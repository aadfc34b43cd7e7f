import { formatPercent, formatTable } from '@tfjs-prune/core/internal';

import type { DemoRun } from './run-demo.js';
import type { LatencyComparison } from './inference-latency.js';
import type { StructuredRun } from './structured-run.js';

const count = (n: number) => n.toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(2)} ms`;

/**
 * Dense vs structured-pruned vs compacted: what pruning whole units buys once the zeros are
 * physically gone. The structured model has the dense model's shapes, so it runs at dense speed
 * (tfjs has no sparse kernels); only the compacted one is timed against dense.
 */
export function formatStructured(run: StructuredRun, dense: DemoRun | undefined, backend: string): string {
  const { pruned, compacted, compaction } = run;
  const macsBefore = compaction.macs?.before ?? pruned.macs;
  const unitsBefore = compaction.layers.map((l) => l.before).join(' / ');
  const unitsAfter = compaction.layers.map((l) => l.after).join(' / ');
  const latencyRow = (l: LatencyComparison) => [`latency, batch ${l.batch}`, ms(l.denseMs), 'as dense', `${ms(l.compactedMs)} (${l.speedup.toFixed(2)}x)`];
  const rows = [
    ['test accuracy', dense === undefined ? 'not run' : formatPercent(dense.testAccuracy, 2), formatPercent(pruned.testAccuracy, 2), formatPercent(compacted.testAccuracy, 2)],
    [`units ${compaction.layers.map((l) => l.layer).join(' / ')}`, unitsBefore, `${unitsAfter} of ${unitsBefore} live`, unitsAfter],
    ['parameters', count(compaction.parameters.before), `${count(pruned.nonzeros)} nonzero of ${count(pruned.params)}`, count(compacted.params)],
    ['MACs per digit', count(macsBefore), count(pruned.macs), `${count(compacted.macs)} (${(macsBefore / compacted.macs).toFixed(1)}x fewer)`],
    ...run.latency.map(latencyRow),
    ['weights.bin raw', kb(pruned.saved.denseFloat32Bytes), kb(pruned.saved.weightsBytes), kb(compacted.saved.weightsBytes)],
    ['weights.bin gzip', dense === undefined ? 'not run' : kb(dense.saved.weightsGzipBytes), kb(pruned.saved.weightsGzipBytes), kb(compacted.saved.weightsGzipBytes)],
  ];
  const samples = [...new Set(run.latency.map((l) => l.samples))].join('/');
  return [
    formatTable(['', 'dense', 'structured', 'compacted'], rows),
    '',
    `compacted predicts what structured-pruned does: max |difference| ${run.maxPredictionDifference.toExponential(1)} over ${count(run.testDigits)} test digits (allowed 1e-5)`,
    `compacted model saved to ${compacted.saved.destination} (model.json + weights.bin); reloaded with tf.loadLayersModel: ${formatPercent(compacted.reloadedAccuracy, 2)} test accuracy, max |difference| ${run.reloadDifference.toExponential(1)}`,
    `latency: median per predict over ${samples} samples of at least 50 ms, dense and compacted alternated in this process, backend ${backend}`,
  ].join('\n');
}
