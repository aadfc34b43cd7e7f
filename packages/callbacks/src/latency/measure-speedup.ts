import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { SpeedupMeasurement } from './speedup-measurement.js';

/** Alternated rounds per measurement: enough for a median and quartiles that hold on a shared machine. */
const ROUNDS = 21;
/** A sample runs predictions back to back for about this long, so the clock's resolution weighs little at batch 1. */
const MIN_SAMPLE_MS = 40;
/** Untimed calls before the first sample (kernel setup, weight packing): at least this many, and this long. */
const WARMUP_CALLS = 5;
const WARMUP_MS = 100;

/**
 * Dense against candidate on the backend in use, as `pnpm bench:latency` measures: both warmed
 * up, then samples alternate (the order rotating each round) so a slow patch on a shared machine
 * hits both; a `predict` is timed until its output is read back. The speedup is the median of
 * the per-round ratios, with their quartiles. Inputs are random normal values of
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
    const calls = models.map((model) => {
      let last = 0;
      const started = performance.now();
      for (let i = 0; i < WARMUP_CALLS || performance.now() - started < WARMUP_MS; i++) last = once(model);
      return Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(last, 1e-3)));
    });
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sample = [0, 0];
      for (let k = 0; k < 2; k++) {
        const side = (round + k) % 2;
        let total = 0;
        for (let i = 0; i < calls[side]!; i++) total += once(models[side]!);
        sample[side] = total / calls[side]!;
      }
      ratios.push(sample[0]! / sample[1]!);
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

/** Linear interpolation between closest ranks, as the benchmarks quote quartiles. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
