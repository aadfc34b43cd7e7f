import type { SparseFormat } from './options.js';

/** How one layer runs in a SparseModel. */
export interface LayerSparsity {
  readonly name: string;
  readonly className: string;
  /**
   * `sparse`: a sparse kernel; `dense-kernel`: our dense SIMD kernel (too dense to gain);
   * `own`: in our runtime without weights (activation, Flatten, BatchNormalization, Dropout);
   * `tfjs`: the layer's own tfjs ops on the active backend (see `reason`).
   */
  readonly runs: 'sparse' | 'dense-kernel' | 'own' | 'tfjs';
  /** For Dense and 1x1 convolutions only. */
  readonly format?: SparseFormat;
  /** Fraction of exact zeros in the kernel, for Dense and 1x1 convolutions only. */
  readonly sparsity?: number;
  /** Why the layer runs as tfjs ops. */
  readonly reason?: string;
  /** A BatchNormalization or relu/relu6 computed by this Dense/Conv2D's kernel (folded, fused). */
  readonly foldedInto?: string;
}

export interface SparsifyReport {
  /** Every layer but InputLayers, in the order they run. */
  readonly layers: readonly LayerSparsity[];
  /** True when no layer runs as tfjs ops: one copy in, one copy out per predict. */
  readonly ownRuntime: boolean;
  readonly kernels: 'wasm' | 'js';
}

/** The report as a plain-text table, as the CLI and the demo print it. */
export function formatSparsifyReport(report: SparsifyReport): string {
  const header = ['layer', 'class', 'runs', 'format', 'sparsity', 'note'];
  const rows = report.layers.map((l) => [
    l.name,
    l.className,
    l.runs,
    l.format ?? '',
    l.sparsity === undefined ? '' : `${(l.sparsity * 100).toFixed(2)}%`,
    l.reason ?? (l.foldedInto === undefined ? '' : `folded into ${l.foldedInto}`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const summary = report.ownRuntime
    ? `whole model in the ${report.kernels} runtime (no tfjs ops per layer)`
    : `mixed: ${report.layers.filter((l) => l.runs === 'tfjs').length} layer(s) run as tfjs ops; the rest on ${report.kernels} kernels`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', summary].join('\n');
}
