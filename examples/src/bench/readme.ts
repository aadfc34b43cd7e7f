import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AccuracyResult } from './accuracy-run.js';
import { describeMachine } from './machine.js';
import { count, fixed, pct } from './markdown.js';
import type { LatencyRow } from './latency-report.js';
import type { HeldRow } from './memory.js';
import type { OverheadRow } from './overhead.js';
import { readSection, readSuite } from './output.js';
import type { ScalingRow } from './scaling.js';
import type { SizeRow } from './size.js';
import type { SparseRow } from './sparse-report.js';

/** Sections in reading order: the issue's five measurements, then the schedules they use. */
const ORDER = ['overhead', 'scaling', 'memory', 'accuracy', 'size', 'schedules', 'latency', 'compact', 'sparse'] as const;

/**
 * docs/benchmarks/README.md, rebuilt from whatever result files exist, so rerunning one suite
 * updates its section and headline and leaves the others as they were measured.
 */
export function writeReadme(dir: string): string {
  const metas = ORDER.map((name) => readSuite(dir, name)?.meta).filter((m) => m !== undefined);
  const latest = metas.sort((a, b) => b.date.localeCompare(a.date))[0];
  const lines = [
    '# Benchmarks',
    '',
    'Everything here is produced by one command and can be rerun on any machine:',
    '',
    '```sh',
    'pnpm bench            # quick set, about 5 minutes: overhead (wasm), update scaling, memory, size, schedule curves',
    'pnpm bench --full     # everything, about 50 minutes on 2 cores: adds accuracy vs sparsity (34 runs) and the cpu overhead rows',
    'pnpm bench:overhead   # or one suite: bench:scaling, bench:memory, bench:accuracy, bench:size, bench:latency, bench:compact, bench:sparse',
    'pnpm bench --help     # flags: --only, --backend, --rounds, --data idx:<dir>, --out, --jobs',
    '```',
    '',
    latest === undefined ? '' : `Measured on **${describeMachine(latest.machine)}**, tfjs 4.22 with the ${latest.backend} backend (SIMD, no threads). ` +
      'Each section says when it was last run and with which command. On this 2-core VM single wall-clock timings vary by ±15% from run to run, ' +
      'so timings are reported as ratios or per-parameter costs from one process, as medians, never as lone absolute times.',
    '',
    'Results: `<suite>.json` (everything measured, with the settings), `<suite>.md` (the section below), and the plots ' +
      '[accuracy-vs-sparsity.svg](accuracy-vs-sparsity.svg), [update-time-vs-params.svg](update-time-vs-params.svg), ' +
      '[schedules.svg](schedules.svg), [size-vs-sparsity.svg](size-vs-sparsity.svg), [tensor-count.svg](tensor-count.svg), [sparse-speedup-vs-sparsity.svg](sparse-speedup-vs-sparsity.svg), ' +
      'rendered with Vega-Lite.',
    '',
    '## Headlines',
    '',
    ...headlines(dir),
    '',
  ];
  for (const name of ORDER) {
    const section = readSection(dir, name);
    lines.push(section ?? `## ${name}\n\nNot measured yet: run \`pnpm bench --only ${name}\`.`, '');
  }
  const path = join(dir, 'README.md');
  writeFileSync(path, `${lines.join('\n').trimEnd()}\n`);
  return path;
}

function headlines(dir: string): string[] {
  const out: string[] = [];
  const overhead = readSuite(dir, 'overhead')?.rows as OverheadRow[] | undefined;
  if (overhead !== undefined) {
    const ok = overhead.filter((r) => r.status === 'ok');
    const parts = [...new Set(ok.map((r) => r.backend))].map((backend) => {
      const worst = (pred: (r: OverheadRow) => boolean) => {
        const rs = ok.filter((r) => r.backend === backend && pred(r)).map((r) => r.directRatio ?? NaN);
        return rs.length === 0 ? 'n/a' : fixed(Math.max(...rs), 3);
      };
      const misses = ok.filter((r) => r.backend === backend && (r.directRatio ?? Infinity) > r.target).length;
      return `${backend}: magnitude ≤ ${worst((r) => r.criterion === 'magnitude')}, gradient-based ≤ ${worst((r) => r.criterion !== 'magnitude')} (${misses === 0 ? 'all rows meet the targets' : `${misses} row(s) miss the targets`})`;
    });
    const unavailable = overhead.some((r) => r.status === 'unavailable');
    out.push(
      `- **Training overhead** (direct ratio, worst case over models and batch sizes; targets ≤ 1.03 magnitude, ≤ 1.05 gradient-based): ${parts.join('; ')}` +
        `${unavailable ? '; some criteria not available in this build' : ''}.`,
    );
  }
  const scaling = readSuite(dir, 'scaling')?.rows as ScalingRow[] | undefined;
  if (scaling !== undefined) {
    const g = scaling.filter((r) => r.method === 'global');
    const tenM = g.find((r) => Math.abs(r.params - 1e7) / 1e7 < 0.05);
    const big = g.filter((r) => r.params >= 1e6).map((r) => r.nsPerParam);
    const sort = scaling.filter((r) => r.method === 'sort' && r.params >= 1e6).map((r) => r.nsPerParam);
    out.push(
      `- **Mask update**: ${fixed(Math.min(...big), 1)}–${fixed(Math.max(...big), 1)} ns per parameter (global scope, 1M–20M parameters: linear); ` +
        `a global update over ${tenM === undefined ? '10M' : count(tenM.params)} parameters takes ${tenM === undefined ? 'n/a' : `${fixed(tenM.ms, 0)} ms`}; ` +
        `a full sort alone costs ${fixed(Math.min(...sort), 1)}–${fixed(Math.max(...sort), 1)} ns per parameter.`,
    );
  }
  const held = readSuite(dir, 'memory')?.held as HeldRow[] | undefined;
  if (held !== undefined) {
    const mag = held.filter((r) => r.status === 'ok' && r.criterion === 'magnitude');
    const others = held.filter((r) => r.status === 'ok' && r.criterion !== 'magnitude');
    const peak = others.length === 0 ? undefined : Math.max(...others.map((r) => (r.peakHeldBytes ?? 0) / (r.prunableBytes ?? 1)));
    out.push(
      `- **Memory**: the masks hold ${mag.map((r) => `${pct((r.heldBytes ?? 0) / (r.prunableBytes ?? 1))} of the pruned weights' bytes (${r.model})`).join(', ')}` +
        (peak === undefined ? '' : `; gradient-based criteria peak at ${pct(peak)} while accumulating (one float32 per pruned weight, freed at their last mask update)`) +
        '; nothing after `strip()`; tensor count flat over long runs.',
    );
  }
  const acc = readSuite(dir, 'accuracy')?.results as AccuracyResult[] | undefined;
  if (acc !== undefined) {
    for (const model of ['lenet-300-100', 'lenet-5']) {
      const get = (schedule: string, s: number) =>
        acc.find((r) => r.spec.model === model && r.spec.schedule === schedule && r.spec.sparsity === s && r.spec.criterion === 'magnitude' && r.status === 'ok');
      const dense = get('dense', 0);
      const best = (s: number) => {
        const rs = acc.filter((r) => r.spec.model === model && r.spec.sparsity === s && r.spec.criterion === 'magnitude' && r.status === 'ok');
        return rs.sort((a, b) => (b.testAccuracy ?? 0) - (a.testAccuracy ?? 0))[0];
      };
      const b90 = best(0.9);
      const b95 = best(0.95);
      if (dense === undefined) continue;
      out.push(
        `- **Accuracy, ${model}**: dense ${pct(dense.testAccuracy ?? NaN, 2)}; 90%: ${pct(get('polynomial-decay', 0.9)?.testAccuracy ?? NaN, 2)} with polynomial decay ` +
          `(best schedule: ${b90?.spec.schedule ?? 'n/a'}, ${pct(b90?.testAccuracy ?? NaN, 2)}); 95%: ${pct(get('polynomial-decay', 0.95)?.testAccuracy ?? NaN, 2)} ` +
          `(best: ${b95?.spec.schedule ?? 'n/a'}, ${pct(b95?.testAccuracy ?? NaN, 2)}).`,
      );
    }
  }
  const size = readSuite(dir, 'size')?.rows as SizeRow[] | undefined;
  if (size !== undefined) {
    const at = (m: string, q: string) => size.find((r) => r.model === m && r.sparsity === 0.9 && r.quantize === q);
    const parts = ['lenet-300-100', 'lenet-5'].flatMap((m) => {
      const f = at(m, 'none');
      const u = at(m, 'uint8');
      return f === undefined || u === undefined ? [] : [`${m} ${fixed(f.denseFloat32Bytes / f.gzipBytes, 1)}x (gzip) / ${fixed(u.denseFloat32Bytes / u.gzipBytes, 1)}x (uint8 + gzip)`];
    });
    out.push(`- **Size at 90% sparsity**, times smaller than the dense float32 weights: ${parts.join('; ')}.`);
  }
  const latency = readSuite(dir, 'latency')?.rows as LatencyRow[] | undefined;
  if (latency !== undefined) {
    const parts = ['resnet', 'mobilenet', 'lenet-5'].flatMap((m) => {
      const at = (c: number) => latency.find((r) => r.model === m && r.channels === c && r.backend === 'wasm' && r.batch === 64);
      const half = at(0.5);
      const quarter = at(0.25);
      return half === undefined || quarter === undefined
        ? []
        : [`${m} ${fixed(half.speedup, 2)}x at 50% (${fixed(half.macRatio, 2)}x fewer MACs), ${fixed(quarter.speedup, 2)}x at 25% (${fixed(quarter.macRatio, 2)}x)`];
    });
    out.push(`- **Latency vs channels kept** (hand-narrowed copies, wasm, batch 64, speedup over dense): ${parts.join('; ')}.`);
  }
  const sparse = readSuite(dir, 'sparse')?.rows as SparseRow[] | undefined;
  if (sparse !== undefined) {
    const parts = sparse.filter((r) => r.target !== null || r.id === 'lenet-1x4' || r.id === 'mobilenet').map((r) => `${r.label} batch ${r.batch} ${fixed(r.speedup, 2)}x`);
    out.push(`- **Sparse inference** (\`sparsify(model)\` vs \`model.predict\` on the same pruned weights, wasm, one thread): ${parts.join('; ')}.`);
  }
  return out.length === 0 ? ['Nothing measured yet.'] : out;
}
