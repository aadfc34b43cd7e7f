import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { SpeedupMeasurement } from '../state/latency-records.js';

/** Alternated rounds per measurement: enough for a median and quartiles that hold on a shared machine. */
const ROUNDS = 21;
/** A round runs pairs of predictions for about this long, so the clock's resolution weighs little at batch 1. */
const MIN_ROUND_MS = 80;
/** Untimed calls before the first sample (kernel setup, weight packing): at least this many, and this long. */
const WARMUP_CALLS = 5;
const WARMUP_MS = 100;

/**
 * Dense against candidate on the backend in use, as `pnpm bench:latency` measures: both warmed
 * up, then timed in alternation, a `predict` timed until its output is read back. The
 * alternation is call by call (dense, candidate, dense, ...; which goes first rotates each
 * round): a machine shared with other jobs slows down in patches of tens of milliseconds, and
 * alternating whole samples of that length let one patch hit one side only (per-round ratios
 * of 0.5x and 2.8x for one pair of models, measured). A round's ratio is the median dense call
 * over the median candidate call (a descheduled thread adds milliseconds to single calls, which
 * a mean would keep); the speedup is the median of the rounds' ratios, with their quartiles. Inputs are random normal values of
 * [batch, ...inputShape]: latency does not depend on them.
 */
export async function measureSpeedup(dense: tfl.LayersModel, candidate: tfl.LayersModel, batch: number): Promise<SpeedupMeasurement> {
  const inputs = randomInputs(dense, batch);
  try {
    const x = inputs.length === 1 ? inputs[0]! : inputs;
    const once = (model: tfl.LayersModel): number => {
      const started = performance.now();
      // predict would otherwise split the batch into chunks of 32.
      const output = model.predict(x, { batchSize: batch });
      const outputs = Array.isArray(output) ? output : [output];
      for (const t of outputs) t.dataSync();
      tf.dispose(outputs);
      return performance.now() - started;
    };
    const models = [dense, candidate];
    let pairMs = 0;
    for (const model of models) {
      let last = 0;
      const started = performance.now();
      for (let i = 0; i < WARMUP_CALLS || performance.now() - started < WARMUP_MS; i++) last = once(model);
      pairMs += last;
    }
    const pairs = Math.max(1, Math.ceil(MIN_ROUND_MS / Math.max(pairMs, 1e-3)));
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const times: [number[], number[]] = [[], []];
      for (let i = 0; i < pairs; i++) {
        for (let k = 0; k < 2; k++) {
          const side = (round + k) % 2;
          times[side]!.push(once(models[side]!));
        }
      }
      ratios.push(medianOf(times[0]) / medianOf(times[1]));
      // Lets a page paint and other work run between rounds.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    ratios.sort((a, b) => a - b);
    return { speedup: quantile(ratios, 0.5), p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75) };
  } finally {
    tf.dispose(inputs);
  }
}

function randomInputs(model: tfl.LayersModel, batch: number): tf.Tensor[] {
  return model.inputs.map((input, i) => {
    const shape = input.shape.slice(1);
    if (shape.some((d) => d === null)) {
      throw new PruningEngineError(
        'LATENCY_UNMEASURABLE',
        `a latency target times the model on random inputs, but input "${input.name}" has shape [${input.shape.map(String).join(', ')}]: ` +
          'every dimension but the batch must be known (give the model a fixed inputShape)',
      );
    }
    return tf.randomNormal([batch, ...(shape as number[])], 0, 1, 'float32', 17 + i);
  });
}

function medianOf(values: number[]): number {
  return quantile(values.sort((a, b) => a - b), 0.5);
}

/** Linear interpolation between closest ranks, as the benchmarks quote quartiles. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
