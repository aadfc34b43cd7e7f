import { formatPercent, formatTable } from '@tfjs-prune/core/internal';

import type { DemoResult, DemoRun } from './run-demo.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Dense and pruned side by side: accuracy, nonzeros, per-layer sparsity, saved sizes. No
 * training times: two single runs on a shared machine differ by ±15% whichever is pruned;
 * `pnpm bench:overhead` measures the overhead properly.
 */
export function formatComparison({ dense, pruned, reloadedAccuracy, backend }: DemoResult): string {
  const runs = dense === undefined ? [pruned] : [dense, pruned];
  const row = (label: string, value: (run: DemoRun) => string) => [label, ...runs.map(value)];
  const kernels = pruned.sparsity.weights.filter((w) => w.prunable).map((w) => `${w.path}/${w.weight}`);
  const rows = [
    row('test accuracy', (r) => formatPercent(r.testAccuracy, 2)),
    row('nonzero parameters', (r) => `${r.sparsity.total.nonzeros} / ${r.sparsity.total.params}`),
    ...kernels.map((k) =>
      row(`sparsity ${k}`, (r) => formatPercent(r.sparsity.weights.find((w) => `${w.path}/${w.weight}` === k)?.sparsity ?? 0)),
    ),
    row('weights.bin raw', (r) => kb(r.saved.weightsBytes)),
    row('weights.bin gzip', (r) => kb(r.saved.weightsGzipBytes)),
  ];
  const lines = [formatTable(['', ...runs.map((r) => r.name)], rows), ''];
  if (dense !== undefined) {
    const drop = (dense.testAccuracy - pruned.testAccuracy) * 100;
    const gzipRatio = dense.saved.weightsGzipBytes / pruned.saved.weightsGzipBytes;
    lines.push(`accuracy change: ${drop <= 0 ? '+' : '-'}${Math.abs(drop).toFixed(2)} points; gzipped weights ${gzipRatio.toFixed(1)}x smaller`);
  }
  lines.push(`pruned model saved to ${pruned.saved.destination} (model.json + weights.bin); reloaded with tf.loadLayersModel: ${formatPercent(reloadedAccuracy, 2)} test accuracy`);
  lines.push(`backend: ${backend}`);
  return lines.join('\n');
}
