import type { DenseVsSparseTiming } from './dense-vs-sparse.js';
import type { LatencyOptions } from './latency.js';
import { fixed, markdownTable, pct } from './markdown.js';
import type { VegaLiteSpec } from './plot.js';

/** One model at one batch size: model.predict vs sparse.predict, alternated. */
export interface SparseRow extends DenseVsSparseTiming {
  id: string;
  label: string;
  batch: number;
  /** The speedup target for this row, or null where it asks for a report only. */
  target: number | null;
  /** 'whole model' (our runtime, no tfjs per op) or 'per layer' (sparse layers among tfjs ops). */
  runtime: string;
  /** Format per layer, as the sparsify report gives it. */
  formats: string;
  cpuSpeedup: number;
  /** Largest |difference| of the outputs over the largest |output|. */
  maxDifference: number;
}

export interface SweepRow {
  format: 'csr' | 'block1x4';
  sparsity: number;
  batch: number;
  speedup: number;
  speedupP25: number;
  speedupP75: number;
  denseMs: number;
  sparseMs: number;
}

/** The LeNet rows measured again in a headless Chromium page; `skipped` says why when it could not run. */
export interface BrowserRows {
  readonly rows: readonly SparseRow[];
  readonly skipped?: string;
  readonly chromium?: string;
}

const ms = (value: number) => (value >= 10 ? fixed(value, 1) : value >= 1 ? fixed(value, 2) : fixed(value, 3));
const x = (value: number) => `${fixed(value, 2)}x`;

export function sparseTable(rows: readonly SparseRow[]): string {
  return markdownTable(
    ['model', 'batch', 'runs', 'formats', 'model.predict ms (p25–p75)', 'sparse.predict ms (p25–p75)', 'speedup (p25–p75)', 'CPU-time speedup', 'target', 'max rel. difference'],
    rows.map((r) => [
      r.label,
      r.batch,
      r.runtime,
      r.formats,
      `${ms(r.denseMs)} (${ms(r.denseP25Ms)}–${ms(r.denseP75Ms)})`,
      `${ms(r.sparseMs)} (${ms(r.sparseP25Ms)}–${ms(r.sparseP75Ms)})`,
      `**${x(r.speedup)}** (${fixed(r.speedupP25, 2)}–${fixed(r.speedupP75, 2)})`,
      Number.isFinite(r.cpuSpeedup) ? x(r.cpuSpeedup) : 'n/a',
      r.target === null ? 'report' : `≥ ${r.target}x ${r.speedup >= r.target ? '✅' : '❌'}`,
      r.maxDifference.toExponential(1),
    ]),
  );
}

/** One line per target of the issue, met or missed, with the numbers it was judged on. */
export function sparseTargets(rows: readonly SparseRow[], browser: BrowserRows): string[] {
  const lines = rows
    .filter((r) => r.target !== null)
    .map((r) => `- ${r.speedup >= (r.target as number) ? '✅' : '❌'} ${r.label}, batch ${r.batch}: ${x(r.speedup)} (target ≥ ${r.target}x)`);
  for (const r of browser.rows.filter((b) => b.target !== null)) {
    lines.push(`- ${r.speedup >= (r.target as number) ? '✅' : '❌'} Chromium page: ${r.label}, batch ${r.batch}: ${x(r.speedup)} (target ≥ ${r.target}x)`);
  }
  for (const batch of [1, 64]) {
    const unstructured = rows.find((r) => r.id === 'lenet' && r.batch === batch);
    const blocks = rows.find((r) => r.id === 'lenet-1x4' && r.batch === batch);
    if (unstructured === undefined || blocks === undefined) continue;
    const met = blocks.sparseMs <= unstructured.sparseMs;
    lines.push(`- ${met ? '✅' : '❌'} 1×4 blocks at least as fast as unstructured, batch ${batch}: ${ms(blocks.sparseMs)} ms vs ${ms(unstructured.sparseMs)} ms (${x(unstructured.sparseMs / blocks.sparseMs)})`);
  }
  const mobile = rows.find((r) => r.id === 'mobilenet' && r.batch === 1);
  if (mobile !== undefined) lines.push(`- ${mobile.speedup >= 1.5 ? '✅' : '❌'} stretch: MobileNetV2-style, batch 1: ${x(mobile.speedup)} (stretch goal ≥ 1.5x)`);
  return lines;
}

export function sparseMarkdown(rows: readonly SparseRow[], sweep: readonly SweepRow[], browser: BrowserRows, options: LatencyOptions): string {
  const sweepTable = markdownTable(
    ['sparsity', ...[...new Set(sweep.map((s) => `${s.format === 'csr' ? 'CSR' : '1×4 blocks'}, batch ${s.batch}`))]],
    [...new Set(sweep.map((s) => s.sparsity))].map((sparsity) => [
      pct(sparsity, 0),
      ...[...new Set(sweep.map((s) => `${s.format}/${s.batch}`))].map((key) => {
        const s = sweep.find((r) => `${r.format}/${r.batch}` === key && r.sparsity === sparsity);
        return s === undefined ? '' : `${x(s.speedup)} (${fixed(s.speedupP25, 2)}–${fixed(s.speedupP75, 2)})`;
      }),
    ]),
  );
  return [
    '## 9. Sparse inference: `sparsify(model)` vs `model.predict`',
    '',
    'Same weights on both sides: a model pruned by magnitude (the smallest weights, or the 1×4 tiles with the smallest l1 norm, ' +
      'zeroed from the seeded initial weights; speed depends on where the zeros are, not on how training put them there), timed ' +
      'through `model.predict` and through `sparsify(model).predict` on tfjs-backend-wasm (XNNPACK, SIMD, one thread). Both take ' +
      `turns in one process: ${options.warmup} warm-up calls each, then ${options.repeats} samples each (fewer, at least 3, where a round would ` +
      `overrun ${fixed((options.budgetMs ?? Infinity) / 1000, 0)} s) of ≥ ${options.minSampleMs} ms of back-to-back calls, every output read back with \`dataSync\`. ` +
      'Each round times both once, so the speedup is the median of the per-round ratios model.predict / sparse.predict, with their ' +
      "interquartile range; CPU-time speedup is the ratio of the process's median CPU time per predict, which leaves out time spent " +
      'waiting for a core on this shared machine (not available in the page). ' +
      'Before timing, every case checks that the sparse outputs equal model.predict within 1e-5 of the output scale (the last column), ' +
      'or the suite stops.',
    '',
    sparseTable(rows),
    '',
    '### In a headless Chromium page (wasm, one thread)',
    '',
    browser.skipped !== undefined
      ? `Not measured: ${browser.skipped}.`
      : `The LeNet rows again, in the demo page served under the strict CSP (\`script-src 'self' 'wasm-unsafe-eval'\`), ${browser.chromium ?? 'Chromium'}, ` +
        'timed by the page itself (performance.now, outputs read back, alternated, medians).',
    '',
    ...(browser.rows.length > 0 ? [sparseTable(browser.rows), ''] : []),
    'Targets (issue 16):',
    '',
    ...sparseTargets(rows, browser),
    '',
    '### Speedup against sparsity',
    '',
    'LeNet-300-100 with all three kernels at one sparsity, unstructured weights forced to CSR and 1×4-block weights forced to the ' +
      'block format (`sparsify(model, { format, minSparsity: 0 })`), so each line shows its format even where `auto` would keep the layer dense; ' +
      `${Math.min(options.repeats, 11)} samples per side, otherwise timed as above.`,
    '',
    sweepTable,
    '',
    '![speedup vs sparsity](sparse-speedup-vs-sparsity.svg)',
  ].join('\n');
}

export function sparsePlot(sweep: readonly SweepRow[]): VegaLiteSpec {
  const values = sweep.map((s) => ({ ...s, series: `${s.format === 'csr' ? 'CSR (unstructured)' : '1×4 blocks'}, batch ${s.batch}` }));
  const xAxis = { field: 'sparsity', type: 'quantitative', title: 'sparsity of every kernel', axis: { format: '.0%' }, scale: { domain: [0.5, 1] } };
  return {
    data: { values },
    width: 420,
    height: 260,
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: { x: xAxis, y: { field: 'speedup', type: 'quantitative', title: 'speedup over model.predict', scale: { type: 'log' } }, color: { field: 'series', type: 'nominal', title: null } },
      },
      { mark: 'rule', encoding: { x: xAxis, y: { field: 'speedupP25', type: 'quantitative' }, y2: { field: 'speedupP75' }, color: { field: 'series', type: 'nominal' } } },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'one', type: 'quantitative' } } },
    ],
    title: 'LeNet-300-100 on wasm: sparsify(model) vs model.predict',
  };
}
