/**
 * Saved size at each sparsity: each model is trained dense briefly, then pruned one-shot (global
 * magnitude) from the same weights to each sparsity and exported raw, float16 and uint8. The bytes
 * depend on how many zeros there are, not on how well the model was fine-tuned, so no fine-tuning
 * is needed here (the accuracy suite reports the gzip size of every fine-tuned model too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { createCriterion, findPrunableWeights, MaskStore, updateMasks } from '@tfjs-prune/core';
import { exportModel } from '@tfjs-prune/core/node';

import { toTensors } from '../data/index.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { fixed, kib, markdownTable } from './markdown.js';
import { disposeModel, MODEL_NAMES, MODELS, type ModelName } from './models.js';

const magnitude = createCriterion('magnitude');

export const SIZE_SPARSITIES = [0, 0.5, 0.8, 0.9, 0.95];
const QUANTIZATIONS = ['none', 'float16', 'uint8'] as const;
type Quantization = (typeof QUANTIZATIONS)[number];
const TRAIN_SAMPLES = 4000;
const EPOCHS = 2;

export interface SizeRow {
  model: ModelName;
  sparsity: number;
  quantize: Quantization;
  /** Zeros among all weights, biases included, as exported. */
  measuredSparsity: number;
  rawBytes: number;
  gzipBytes: number;
  denseFloat32Bytes: number;
}

export async function runSize(ctx: SuiteContext): Promise<SuiteOutput> {
  const data = ctx.data();
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-bench-size-'));
  const rows: SizeRow[] = [];
  try {
    for (const name of MODEL_NAMES) {
      const pixels = data.train.imageShape[0] * data.train.imageShape[1];
      const n = Math.min(TRAIN_SAMPLES, data.train.count);
      const split = { ...data.train, count: n, images: data.train.images.subarray(0, n * pixels), labels: data.train.labels.subarray(0, n) };
      const { x, y } = toTensors(split, { flatten: MODELS[name].flatten });
      const model = MODELS[name].create(1);
      try {
        ctx.progress.log(`size: training ${name} dense for ${EPOCHS} epochs on ${n} digits`);
        await model.fit(x, y, { epochs: EPOCHS, batchSize: 64, shuffle: false, verbose: 0 });
        const trained = model.getWeights().map((w) => tf.clone(w));
        const targets = findPrunableWeights(model);
        for (const sparsity of SIZE_SPARSITIES) {
          model.setWeights(trained);
          if (sparsity > 0) {
            const store = new MaskStore(targets);
            updateMasks(store, targets, { criterion: magnitude, scope: 'global', sparsity });
            store.dispose();
          }
          for (const quantize of QUANTIZATIONS) {
            const report = await exportModel(model, join(dir, `${name}-${sparsity}-${quantize}`), {
              ...(quantize === 'none' ? {} : { quantize }),
            });
            rows.push({
              model: name,
              sparsity,
              quantize,
              measuredSparsity: report.totals.sparsity,
              rawBytes: report.weightsBytes,
              gzipBytes: report.weightsGzipBytes,
              denseFloat32Bytes: report.denseFloat32Bytes,
            });
          }
          const r = rows.filter((row) => row.model === name && row.sparsity === sparsity);
          ctx.progress.log(`size: ${name} at ${sparsity * 100}%: gzip ${r.map((row) => `${row.quantize} ${kib(row.gzipBytes)}`).join(', ')}`);
        }
        tf.dispose(trained);
      } finally {
        disposeModel(model);
        tf.dispose([x, y]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { name: 'size', json: { trainSamples: TRAIN_SAMPLES, epochs: EPOCHS, rows }, markdown: sizeMarkdown(rows), plots: { 'size-vs-sparsity.svg': sizePlot(rows) } };
}

export function sizeMarkdown(rows: readonly SizeRow[]): string {
  const get = (m: ModelName, s: number, q: Quantization) => rows.find((r) => r.model === m && r.sparsity === s && r.quantize === q);
  const keys = [...new Set(rows.map((r) => `${r.model}|${r.sparsity}`))];
  const table = markdownTable(
    ['model', 'sparsity', 'float32 raw', 'float32 gzip', 'float16 gzip', 'uint8 raw', 'uint8 gzip', 'smaller than dense float32: gzip / uint8+gzip'],
    keys.map((key) => {
      const [m, s] = key.split('|') as [ModelName, string];
      const sp = Number(s);
      const f32 = get(m, sp, 'none');
      const f16 = get(m, sp, 'float16');
      const u8 = get(m, sp, 'uint8');
      const dense = f32?.denseFloat32Bytes ?? NaN;
      return [
        m,
        `${sp * 100}%`,
        kib(f32?.rawBytes ?? NaN),
        kib(f32?.gzipBytes ?? NaN),
        kib(f16?.gzipBytes ?? NaN),
        kib(u8?.rawBytes ?? NaN),
        kib(u8?.gzipBytes ?? NaN),
        `${fixed(dense / (f32?.gzipBytes ?? NaN), 1)}x / ${fixed(dense / (u8?.gzipBytes ?? NaN), 1)}x`,
      ];
    }),
  );
  const u8at90 = rows.filter((r) => r.sparsity === 0.9 && r.quantize === 'uint8');
  return [
    '## 5. Size',
    '',
    `Bytes of \`weights.bin\` as written by \`exportModel\` (gzip level 9 for the gzip columns), after ${EPOCHS} dense epochs and a one-shot ` +
      'global magnitude pruning to each sparsity (pruned zeros compress the same whether or not the model was fine-tuned afterwards). ' +
      'Sparsity is of the prunable kernels; biases stay dense. Ratios are against the dense float32 file.',
    '',
    table,
    '',
    '![size vs sparsity](size-vs-sparsity.svg)',
    '',
    u8at90.length === 0
      ? ''
      : `At 90% sparsity, uint8 + gzip ships ${u8at90.map((r) => `${r.model} in ${kib(r.gzipBytes)} (${fixed(r.denseFloat32Bytes / r.gzipBytes, 1)}x smaller)`).join(' and ')}. ` +
        'The raw file does not shrink with sparsity: the format stores every weight, and the zeros only pay off once compressed (every web server gzips).',
  ].join('\n');
}

function sizePlot(rows: readonly SizeRow[]) {
  return {
    data: { values: rows.map((r) => ({ ...r, KiB: r.gzipBytes / 1024 })) },
    facet: { column: { field: 'model', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 260,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'sparsity', type: 'quantitative', axis: { format: '.0%' } },
        y: { field: 'KiB', type: 'quantitative', title: 'gzipped weights.bin (KiB)' },
        color: { field: 'quantize', type: 'nominal', title: 'quantization' },
      },
    },
    title: 'Download size vs sparsity',
  };
}
