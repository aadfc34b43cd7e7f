import { formatPercent, formatTable } from '../text-table.js';
import type { ExportReport } from './export-report.js';

/**
 * The report as an aligned text table: one row per weight, then totals and the size
 * comparison against a dense float32 export.
 */
export function formatExportReport(report: ExportReport): string {
  const header = ['layer', 'weight', 'shape', 'params', 'zeros', 'sparsity', 'bytes', 'gzip'];
  const rows: string[][] = [];
  for (const layer of report.layers) {
    for (const [i, w] of layer.weights.entries()) {
      rows.push([
        i === 0 ? layer.layer : '',
        w.name.startsWith(`${layer.layer}/`) ? w.name.slice(layer.layer.length + 1) : w.name,
        w.shape.length === 0 ? 'scalar' : w.shape.join('x'),
        count(w.count),
        count(w.zeros),
        formatPercent(w.count === 0 ? 0 : w.zeros / w.count),
        bytes(w.bytes),
        bytes(w.gzipBytes),
      ]);
    }
  }
  const { params, zeros, sparsity } = report.totals;
  rows.push(['total', '', '', count(params), count(zeros), formatPercent(sparsity),
    bytes(report.weightsBytes), bytes(report.weightsGzipBytes)]);
  return [
    `exported ${report.files.length > 0 ? report.files.join(', ') : `to ${report.destination}`} (quantize: ${report.quantize})`,
    formatTable(header, rows, { rightAligned: [false, false, false, true, true, true, true, true], rule: false }),
    `weights.bin: ${bytes(report.weightsBytes)} raw, ${bytes(report.weightsGzipBytes)} gzip; ` +
      `dense float32 would be ${bytes(report.denseFloat32Bytes)}, so ` +
      `${times(report.ratioRawVsDense)} smaller raw and ${times(report.ratioGzipVsDense)} smaller gzipped`,
  ].join('\n');
}

const count = (n: number): string => n.toLocaleString('en-US');
const times = (x: number): string => `${x.toFixed(1)}x`;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
