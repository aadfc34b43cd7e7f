/**
 * Memory the library holds: tf.memory() bytes after a pruned fit minus after the same plain fit
 * (so optimizer state and data cancel out), against the model's own weights; and the tensor
 * count at every epoch end of a long run with a mask update every epoch, which must stay flat.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { findPrunableWeights } from '@tfjs-prune/core';

import { type Split, toTensors } from '../data/index.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { CRITERIA, type CriterionName, firstLine, GRADIENT_CRITERIA, NOT_AVAILABLE, tryPruningCallback } from './criteria.js';
import { fixed, markdownTable, pct } from './markdown.js';
import { disposeModel, MODEL_NAMES, MODELS, type ModelName } from './models.js';

const HELD_SAMPLES = 256;
const LONG_SAMPLES = 256;

export interface HeldRow {
  model: ModelName;
  criterion: CriterionName;
  status: 'ok' | 'unavailable' | 'failed';
  reason?: string;
  weightBytes?: number;
  prunableBytes?: number;
  /** tf.memory().numBytes after the pruned fit minus after the plain fit. */
  heldBytes?: number;
  /** Largest difference at the same epoch end during training (accumulators before the last update). */
  peakHeldBytes?: number;
  heldTensors?: number;
  /** PruningCallback.report().maskBytes. */
  maskBytes?: number;
  maskMemoryRatio?: number;
  /** Bytes and tensors still held (vs the plain fit) after strip(): should both be 0. */
  afterStripBytes?: number;
  afterStripTensors?: number;
}

export interface LongRunSeries {
  criterion: CriterionName | 'plain';
  status: 'ok' | 'unavailable' | 'failed';
  reason?: string;
  /** tf.memory().numTensors at each epoch end. */
  tensors: number[];
  /** Index into `tensors` of the first epoch that ended with masks in place (0 for the plain run). */
  firstMasked: number;
}

function config(criterion: CriterionName, schedule: unknown): unknown {
  return { pruners: [{ name: 'all', criterion, schedule }] };
}

export async function runMemory(ctx: SuiteContext): Promise<SuiteOutput> {
  const { args, progress } = ctx;
  const data = ctx.data();
  const held: HeldRow[] = [];
  for (const modelName of MODEL_NAMES) {
    const { x, y } = toTensors(slice(data.train, HELD_SAMPLES), { flatten: MODELS[modelName].flatten });
    try {
      const fit = async (pruning?: tfl.Callback) => {
        const model = MODELS[modelName].create(1);
        const bytes: number[] = [];
        const record = new tfl.CustomCallback({ onEpochEnd: async () => void bytes.push(tf.memory().numBytes) });
        await model.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0, callbacks: pruning === undefined ? [record] : [pruning, record] });
        return { model, bytes };
      };
      const { model: plain, bytes: plainBytes } = await fit();
      const weightBytes = 4 * plain.countParams();
      const prunableBytes = 4 * findPrunableWeights(plain).reduce((s, t) => s + t.size, 0);
      const base = tf.memory();
      disposeModel(plain);
      for (const criterion of CRITERIA) {
        const made = tryPruningCallback(config(criterion, { type: 'one-shot', sparsity: 0.9, epoch: 1 }));
        if ('unavailable' in made) {
          held.push({ model: modelName, criterion, status: 'unavailable', reason: made.unavailable });
          continue;
        }
        let model: tfl.LayersModel | undefined;
        try {
          const pruned = await fit(made.callback);
          model = pruned.model;
          const after = tf.memory();
          const report = made.callback.report();
          made.callback.strip();
          const stripped = tf.memory();
          held.push({
            model: modelName,
            criterion,
            status: 'ok',
            weightBytes,
            prunableBytes,
            heldBytes: after.numBytes - base.numBytes,
            heldTensors: after.numTensors - base.numTensors,
            peakHeldBytes: Math.max(...pruned.bytes.map((b, i) => b - (plainBytes[i] ?? b))),
            maskBytes: report.maskBytes,
            maskMemoryRatio: report.maskMemoryRatio,
            afterStripBytes: stripped.numBytes - base.numBytes,
            afterStripTensors: stripped.numTensors - base.numTensors,
          });
        } catch (error) {
          made.callback.strip();
          held.push({ model: modelName, criterion, status: 'failed', reason: firstLine(error) });
        } finally {
          if (model !== undefined) disposeModel(model);
        }
        progress.log(`memory: ${modelName} ${criterion}: ${describeHeld(held.at(-1) as HeldRow)}`);
      }
    } finally {
      tf.dispose([x, y]);
    }
  }

  const epochs = args.full ? 100 : 40;
  const longCriteria: CriterionName[] = args.full ? [...CRITERIA] : ['magnitude', 'gradient'];
  const series = await longRun(ctx, epochs, longCriteria);
  return {
    name: 'memory',
    json: { heldSamples: HELD_SAMPLES, longRun: { model: 'lenet-300-100', samples: LONG_SAMPLES, epochs, series }, held },
    markdown: memoryMarkdown(held, series, epochs),
    plots: { 'tensor-count.svg': tensorPlot(series) },
  };
}

function describeHeld(r: HeldRow): string {
  if (r.status !== 'ok') return `${r.status}: ${r.reason ?? ''}`;
  return `${r.heldBytes} bytes held (${pct((r.heldBytes ?? 0) / (r.weightBytes ?? 1))} of the weights), ${r.heldTensors} tensors; after strip ${r.afterStripBytes} bytes`;
}

async function longRun(ctx: SuiteContext, epochs: number, criteria: readonly CriterionName[]): Promise<LongRunSeries[]> {
  const { x, y } = toTensors(slice(ctx.data().train, LONG_SAMPLES), { flatten: true });
  const schedule = { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: epochs - 10, frequency: 1 };
  const out: LongRunSeries[] = [];
  try {
    for (const criterion of ['plain' as const, ...criteria]) {
      const made = criterion === 'plain' ? undefined : tryPruningCallback(config(criterion, schedule));
      if (made !== undefined && 'unavailable' in made) {
        out.push({ criterion, status: 'unavailable', reason: made.unavailable, tensors: [], firstMasked: 0 });
        continue;
      }
      const pruning = made?.callback;
      const tensors: number[] = [];
      let firstMasked = pruning === undefined ? 0 : -1;
      pruning?.on('epochEnd', (e) => {
        if (firstMasked === -1 && e.sparsity > 0) firstMasked = e.epoch;
      });
      const record = new tfl.CustomCallback({ onEpochEnd: async () => void tensors.push(tf.memory().numTensors) });
      const model = MODELS['lenet-300-100'].create(1);
      try {
        await model.fit(x, y, { epochs, batchSize: 32, shuffle: false, verbose: 0, callbacks: pruning === undefined ? [record] : [pruning, record] });
        out.push({ criterion, status: 'ok', tensors, firstMasked: Math.max(0, firstMasked) });
      } catch (error) {
        out.push({ criterion, status: 'failed', reason: firstLine(error), tensors, firstMasked: Math.max(0, firstMasked) });
      } finally {
        pruning?.strip();
        disposeModel(model);
      }
      const s = out.at(-1) as LongRunSeries;
      ctx.progress.log(`memory: ${epochs}-epoch run, ${criterion}: tensors ${s.tensors[s.firstMasked]} after epoch ${s.firstMasked + 1} (first with masks), ${s.tensors.at(-1)} at the end`);
    }
  } finally {
    tf.dispose([x, y]);
  }
  return out;
}

function slice(split: Split, n: number): Split {
  const pixels = split.imageShape[0] * split.imageShape[1];
  const count = Math.min(n, split.count);
  return { ...split, count, images: split.images.subarray(0, count * pixels), labels: split.labels.subarray(0, count) };
}

export function memoryMarkdown(held: readonly HeldRow[], series: readonly LongRunSeries[], epochs: number): string {
  const heldTable = markdownTable(
    ['model', 'criterion', 'held by the library', 'of all weights', 'of pruned weights', 'peak during training (of pruned weights)', 'tensors held', 'report().maskBytes', 'held after strip()'],
    held.map((r) =>
      r.status !== 'ok'
        ? [r.model, r.criterion, r.status === 'unavailable' ? NOT_AVAILABLE : `failed: ${r.reason ?? ''}`, '', '', '', '', '', '']
        : [
            r.model,
            r.criterion,
            `${r.heldBytes} B`,
            pct((r.heldBytes ?? 0) / (r.weightBytes ?? 1)),
            pct((r.heldBytes ?? 0) / (r.prunableBytes ?? 1)),
            `${r.peakHeldBytes} B (${pct((r.peakHeldBytes ?? 0) / (r.prunableBytes ?? 1))})`,
            r.heldTensors ?? '',
            `${r.maskBytes} B (${pct(r.maskMemoryRatio ?? NaN)})`,
            `${r.afterStripBytes} B, ${r.afterStripTensors} tensors`,
          ],
    ),
  );
  const longTable = markdownTable(
    ['run', 'tensors at the first epoch end with masks', 'min since then', 'max since then', 'at the end', 'drift'],
    series.map((s) => {
      if (s.status !== 'ok' || s.tensors.length === 0) return [s.criterion, s.status === 'unavailable' ? NOT_AVAILABLE : `failed: ${s.reason ?? ''}`, '', '', '', ''];
      const since = s.tensors.slice(s.firstMasked);
      const first = since[0] as number;
      const last = since.at(-1) as number;
      return [s.criterion, first, Math.min(...since), Math.max(...since), last, last - first];
    }),
  );
  const ok = held.filter((r) => r.status === 'ok' && r.criterion === 'magnitude');
  const gradOk = held.filter((r) => r.status === 'ok' && GRADIENT_CRITERIA.includes(r.criterion));
  const lines = [
    '## 3. Memory',
    '',
    `Bytes held by the library = \`tf.memory().numBytes\` after a 2-epoch pruned fit (one-shot 90% at epoch 1, model and optimizer alive) ` +
      `minus the same after the identical plain fit, so the optimizer's state and the data cancel out. "Peak during training" is the largest ` +
      'such difference at an epoch end while training (gradient criteria accumulate before their update; a library may free the ' +
      'accumulators after the last update). "Pruned weights" are the float32 kernels the masks guard; "all weights" include biases.',
    '',
    heldTable,
    '',
    `Tensor count at every epoch end of a ${epochs}-epoch run (LeNet-300-100, ${LONG_SAMPLES} digits, polynomial decay to 90% with a mask ` +
      `update every epoch from epoch 1 to ${epochs - 10}), next to a plain run:`,
    '',
    longTable,
    '',
    '![tensor count over a long run](tensor-count.svg)',
    '',
  ];
  if (ok.length > 0) {
    lines.push(
      `With magnitude pruning the library holds ${ok.map((r) => `${fixed((r.heldBytes ?? 0) / 1024, 1)} KiB for ${r.model} (${pct((r.heldBytes ?? 0) / (r.prunableBytes ?? 1))} of its pruned weights)`).join(' and ')}: ` +
        'one byte per masked weight, the `bool` masks, and nothing once `strip()` has run.',
    );
  }
  if (gradOk.length === 0) lines.push(`Gradient criteria: ${NOT_AVAILABLE}; their accumulators are not measured yet.`);
  else {
    const peak = Math.max(...gradOk.map((r) => (r.peakHeldBytes ?? 0) / (r.prunableBytes ?? 1)));
    lines.push(
      '',
      `Gradient-based criteria (${[...new Set(gradOk.map((r) => r.criterion))].join(', ')}) peak at ${pct(peak)} of the pruned weights' bytes ` +
        'while they accumulate scores (measured at the end of epoch 0, before any mask exists: one float32 accumulator per pruned ' +
        'weight) and free the accumulators at their last mask update, after which they hold only the masks like the others.',
    );
  }
  return lines.join('\n');
}

function tensorPlot(series: readonly LongRunSeries[]) {
  const values = series.flatMap((s) => s.tensors.map((n, i) => ({ epoch: i + 1, tensors: n, run: s.criterion })));
  return {
    width: 480,
    height: 240,
    title: 'Live tensors at each epoch end (flat = no leak)',
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' },
      y: { field: 'tensors', type: 'quantitative', title: 'tf.memory().numTensors', scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: null },
    },
  };
}
