import type { ExportReport } from './export-report.js';

/**
 * The report as an aligned text table: one row per weight, then totals and the size
 * comparison against a dense float32 export.
 */
export function formatExportReport(report: ExportReport): string {
  const rows: string[][] = [['layer', 'weight', 'shape', 'params', 'zeros', 'sparsity', 'bytes', 'gzip']];
  for (const layer of report.layers) {
    for (const [i, w] of layer.weights.entries()) {
      rows.push([
        i === 0 ? layer.layer : '',
        w.name.startsWith(`${layer.layer}/`) ? w.name.slice(layer.layer.length + 1) : w.name,
        w.shape.length === 0 ? 'scalar' : w.shape.join('x'),
        count(w.count),
        count(w.zeros),
        percent(w.count === 0 ? 0 : w.zeros / w.count),
        bytes(w.bytes),
        bytes(w.gzipBytes),
      ]);
    }
  }
  const { params, zeros, sparsity } = report.totals;
  rows.push(['total', '', '', count(params), count(zeros), percent(sparsity),
    bytes(report.weightsBytes), bytes(report.weightsGzipBytes)]);
  return [
    `exported ${report.files.length > 0 ? report.files.join(', ') : `to ${report.destination}`} (quantize: ${report.quantize})`,
    ...alignColumns(rows, [false, false, false, true, true, true, true, true]),
    `weights.bin: ${bytes(report.weightsBytes)} raw, ${bytes(report.weightsGzipBytes)} gzip; ` +
      `dense float32 would be ${bytes(report.denseFloat32Bytes)}, so ` +
      `${times(report.ratioRawVsDense)} smaller raw and ${times(report.ratioGzipVsDense)} smaller gzipped`,
  ].join('\n');
}

function alignColumns(rows: readonly string[][], right: readonly boolean[]): string[] {
  const widths = right.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (right[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const times = (x: number): string => `${x.toFixed(1)}x`;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
