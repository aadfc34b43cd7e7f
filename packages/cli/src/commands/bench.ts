import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { formatTable } from '../adapters/core.js';
import { formatSparsifyReport, type SparseModel, sparsify } from '../adapters/sparse.js';
import { alternatedLatency } from '../alternated-latency.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadSavedModel } from '../load-model.js';
import { useBackend } from '../use-backend.js';

export interface BenchOptions {
  batch: number[];
  backend: string;
  repeats: number;
  json?: boolean;
}

/** What sparsify promises: the same outputs within float32 rounding of the output scale. */
const TOLERANCE = 1e-5;

export interface BenchRow {
  batch: number;
  /** Median ms per predict, output read back. */
  modelMs: number;
  sparseMs: number;
  /** modelMs / sparseMs. */
  speedup: number;
  samples: number;
  /** Largest |model − sparse| over the largest |model output|, on the timed input. */
  maxDifference: number;
}

/**
 * Times `model.predict` against `sparsify(model).predict` on the chosen backend, batch by batch,
 * alternated, on random inputs of the model's input shape (a matmul costs the same whatever the
 * values), after checking that both give the same outputs.
 */
export async function bench(modelPath: string, options: BenchOptions, context: CommandContext): Promise<ExitCode> {
  const backend = await useBackend('train', context, options.backend);
  const { model } = await loadSavedModel(modelPath);
  let sparse: SparseModel | undefined;
  try {
    const shapes = inputShapes(modelPath, model);
    sparse = await sparsify(model);
    const rows: BenchRow[] = [];
    for (const batch of options.batch) {
      context.out.info(`batch ${batch}: timing model.predict and sparse.predict, ${options.repeats} alternated samples each…`);
      const inputs = shapes.map((shape) => tf.randomUniform([batch, ...shape], 0, 1, 'float32', 7));
      const input = inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs;
      try {
        const maxDifference = outputDifference(model, sparse, input);
        if (!(maxDifference <= TOLERANCE)) {
          throw new CliError('CLI_FAILED', `${modelPath}: the sparse model's outputs differ from model.predict by ${maxDifference} of the output scale (allowed ${TOLERANCE}); not timing a model that predicts something else`);
        }
        const stats = alternatedLatency({ model, sparse }, input, options.repeats);
        rows.push({ batch, modelMs: stats.model.medianMs, sparseMs: stats.sparse.medianMs, speedup: stats.model.medianMs / stats.sparse.medianMs, samples: stats.model.samples.length, maxDifference });
      } finally {
        tf.dispose(inputs);
      }
    }
    context.out.result(
      options.json === true ? JSON.stringify({ model: modelPath, backend, sparsify: sparse.report, rows }, null, 2) : asText(backend, formatSparsifyReport(sparse.report), rows),
    );
  } finally {
    sparse?.dispose();
    model.dispose();
  }
  return EXIT.ok;
}

/** Each input's shape without the batch dimension; bench needs them fixed to make inputs. */
function inputShapes(modelPath: string, model: tfl.LayersModel): number[][] {
  return model.inputs.map((input) => {
    const shape = input.shape.slice(1);
    if (shape.some((d) => d === null)) {
      throw new CliError('CLI_FAILED', `${modelPath}: input "${input.name}" has shape [${input.shape.map((d) => d ?? 'null').join(', ')}]; bench needs every dimension but the batch fixed`);
    }
    return shape as number[];
  });
}

function outputDifference(model: tfl.LayersModel, sparse: SparseModel, input: tf.Tensor | tf.Tensor[]): number {
  return tf.tidy(() => {
    const list = (o: tf.Tensor | tf.Tensor[]) => (Array.isArray(o) ? o : [o]);
    const expected = list(model.predict(input));
    const actual = list(sparse.predict(input));
    return Math.max(
      ...expected.map((e, i) => {
        const a = actual[i];
        if (a === undefined || a.shape.join() !== e.shape.join()) return Number.POSITIVE_INFINITY;
        const peak = tf.max(tf.abs(e)).dataSync()[0] ?? 0;
        return (tf.max(tf.abs(tf.sub(e, a))).dataSync()[0] ?? Number.POSITIVE_INFINITY) / (peak > 0 ? peak : 1);
      }),
    );
  });
}

const ms = (value: number) => (value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3));

function asText(backend: string, report: string, rows: readonly BenchRow[]): string {
  const table = formatTable(
    ['batch', 'model.predict ms', 'sparse.predict ms', 'speedup'],
    rows.map((r) => [String(r.batch), ms(r.modelMs), ms(r.sparseMs), `${r.speedup.toFixed(2)}x`]),
    { rightAligned: [true, true, true, true] },
  );
  return [report, '', table, '', `backend ${backend}; median of ${rows[0]?.samples ?? 0} alternated samples per side, outputs read back; sparse outputs within ${Math.max(...rows.map((r) => r.maxDifference)).toExponential(1)} of model.predict`].join('\n');
}
