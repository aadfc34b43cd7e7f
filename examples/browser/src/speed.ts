import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { sparsify } from '@tfjs-prune/sparse';

import { denseVsSparse } from '../../src/bench/dense-vs-sparse.js';
import { alternatedLatency } from '../../src/bench/latency.js';
import { pruneByMagnitude } from '../../src/bench/magnitude-prune.js';
import { LENET_SPARSITIES } from '../../src/bench/sparse-cases.js';
import { relativeDifference } from '../../src/bench/sparse-check.js';
import { describeRuntime } from '../../src/bench/sparse-summary.js';
import { lenet300100 } from '../../src/lenet-300-100.js';
import type { SpeedOptions, SpeedResult, SpeedRow } from './page-api.js';

export const SPEED_DEFAULTS: SpeedOptions = { batches: [1, 64], repeats: 11, minSampleMs: 50, model: 'current' };

/**
 * model.predict against sparsify(model).predict on the page's backend, with the harness of
 * `pnpm bench:sparse` (alternated, outputs read back, medians). Without a trained model, or with
 * `model: 'magnitude'`, LeNet-300-100 pruned by magnitude to the demo's 90/90/70% is timed: the
 * benchmark's Chromium rows. Everything it creates is disposed before it returns.
 */
export async function compareSpeed(trained: tfl.LayersModel | undefined, options: SpeedOptions): Promise<SpeedResult> {
  const tensorsBefore = tf.memory().numTensors;
  const own = options.model === 'magnitude' || trained === undefined ? lenet300100(1) : undefined;
  if (own !== undefined) pruneByMagnitude(own, LENET_SPARSITIES);
  const model = own ?? (trained as tfl.LayersModel);
  const sparse = await sparsify(model);
  const rows: SpeedRow[] = [];
  let outputs: { model: number[]; sparse: number[] } | undefined;
  try {
    const { runtime, formats } = describeRuntime(sparse.report);
    for (const batch of options.batches) {
      const x = tf.randomUniform([batch, 784], 0, 1, 'float32', 7);
      try {
        if (outputs === undefined) outputs = firstRows(model, sparse, x);
        const maxDifference = relativeDifference(model, sparse, x);
        const stats = alternatedLatency({ model, sparse }, x, { warmup: 3, repeats: options.repeats, minSampleMs: options.minSampleMs, budgetMs: 20_000 });
        rows.push({ batch, runtime, formats, ...denseVsSparse(stats, `batch ${batch}`), maxDifference });
      } finally {
        x.dispose();
      }
    }
  } finally {
    sparse.dispose();
    if (own !== undefined) {
      own.optimizer?.dispose();
      own.dispose();
    }
  }
  return { backend: tf.getBackend(), model: own === undefined ? 'current' : 'magnitude', rows, outputs: outputs ?? { model: [], sparse: [] }, leakedTensors: tf.memory().numTensors - tensorsBefore };
}

/** Both outputs for the first input row, for the caller to compare itself. */
function firstRows(model: tfl.LayersModel, sparse: { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] }, x: tf.Tensor): { model: number[]; sparse: number[] } {
  const first = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? (t[0] as tf.Tensor) : t);
  return tf.tidy(() => ({
    model: Array.from(tf.slice(first(model.predict(x)), [0, 0], [1, -1]).dataSync()),
    sparse: Array.from(tf.slice(first(sparse.predict(x)), [0, 0], [1, -1]).dataSync()),
  }));
}
