import { formatPercent, formatTable, type SensitivityResult } from './adapters/core.js';
import type { MetricKind } from './held-out-metric.js';
import type { SensitivityAllocation } from './sensitivity-allocation.js';

/** `25%`, `12.5%`: a sparsity as a column heading. */
export function formatSparsity(sparsity: number): string {
  return `${Number((sparsity * 100).toFixed(2))}%`;
}

/** Accuracy as a percentage, loss with 4 decimals. */
export function formatMetric(kind: MetricKind, value: number): string {
  return kind === 'accuracy' ? formatPercent(value, 2) : value.toFixed(4);
}

/** The change from the baseline, signed: percentage points for accuracy. */
export function formatChange(kind: MetricKind, change: number): string {
  const text = kind === 'accuracy' ? Math.abs(change * 100).toFixed(2) : Math.abs(change).toFixed(4);
  return `${change < 0 && Number(text) !== 0 ? '-' : '+'}${text}`;
}

/**
 * One row per family (its name joins the producer layers with `+`), its prunable channels, and
 * per sparsity the metric with its change from the baseline in brackets.
 */
export function formatSensitivityTable(result: SensitivityResult, kind: MetricKind): string {
  const sparsities = [...new Set(result.rows.map((r) => r.sparsity))].sort((a, b) => a - b);
  const families = [...new Set(result.rows.map((r) => r.family))];
  const rows = families.map((family) => {
    const own = result.rows.filter((r) => r.family === family);
    const cells = sparsities.map((s) => {
      const row = own.find((r) => r.sparsity === s);
      return row === undefined ? '' : `${formatMetric(kind, row.metric)} (${formatChange(kind, row.metric - result.baseline)})`;
    });
    return [family, String(own[0]?.channels ?? 0), ...cells];
  });
  const header = ['family', 'channels', ...sparsities.map(formatSparsity)];
  return formatTable(header, rows, { rightAligned: header.map((_, col) => col > 0) });
}

/** The chosen sparsity per family and the overall channel sparsity against the target. */
export function formatAllocation(allocation: SensitivityAllocation, kind: MetricKind, target: number): string {
  const rows = allocation.families.map((f) => [f.family, String(f.channels), formatSparsity(f.sparsity), String(f.pruned), formatMetric(kind, f.metric)]);
  const table = formatTable(['family', 'channels', 'sparsity', 'pruned', 'measured alone'], rows, { rightAligned: [false, true, true, true, true] });
  const overall = allocation.channels === 0 ? 0 : allocation.pruned / allocation.channels;
  return `${table}\noverall: ${allocation.pruned} of ${allocation.channels} channels pruned (${formatPercent(overall)}; target ${formatPercent(target)})`;
}
