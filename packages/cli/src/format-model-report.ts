import { formatPercent, formatTable } from './adapters/core.js';
import type { ModelReport } from './model-report.js';

/** The report as a terminal table, with the totals and sizes below it. */
export function formatModelReport(report: ModelReport): string {
  const rows = report.layers.map((l) => [l.path, l.layerClass, l.params, l.nonzeros, formatPercent(l.sparsity)]);
  rows.push(['total', '', report.total.params, report.total.nonzeros, formatPercent(report.total.sparsity)]);
  rows.push(['prunable weights', '', report.prunable.params, report.prunable.nonzeros, formatPercent(report.prunable.sparsity)]);
  const ratio = report.weightsGzipBytes === 0 ? 1 : report.weightsBytes / report.weightsGzipBytes;
  return [
    formatTable(['layer', 'class', 'params', 'nonzero', 'sparsity'], rows),
    '',
    `weights: ${bytes(report.weightsBytes)} raw, ${bytes(report.weightsGzipBytes)} gzipped (${ratio.toFixed(1)}x smaller)`,
    report.macs === null ? `MACs per sample: not counted (${report.macsUnknown ?? 'unknown layer'})` : `MACs per sample: ${report.macs.toLocaleString('en-US')}`,
  ].join('\n');
}

export function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} B`;
}
