import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { PruningCallback } from '@tfjs-prune/callbacks';

type ApplyGradients = tf.Optimizer['applyGradients'];

/** Time spent inside the library during one fit, measured where it is spent. */
export interface LibraryTime {
  /** Optimizer steps taken. */
  readonly steps: number;
  /** Time inside the optimizer's own applyGradients. */
  readonly optimizerMs: number;
  /** Time the library adds around each step (mask enforcement, gradient accumulation, ...). */
  readonly stepHookMs: number;
  /** Time in the callback's own hooks (mask updates at epoch starts, epoch-end bookkeeping). */
  readonly callbackMs: number;
}

/**
 * Wraps the model's optimizer twice, once inside the library's own wrapper (the optimizer's step
 * alone) and once outside it (step + library), and wraps the callback's hooks, so the library's
 * share of a fit is measured directly instead of inferred from two noisy wall-clock runs. A plain
 * fit gets the same wrappers (with no library in between) so both pay the same instrumentation.
 */
export function instrumentFit(model: tfl.LayersModel, pruning: PruningCallback | undefined): () => LibraryTime {
  const optimizer = model.optimizer as tf.Optimizer;
  let optimizerMs = 0;
  let totalMs = 0;
  let steps = 0;
  let callbackMs = 0;
  const step: ApplyGradients = optimizer.applyGradients;
  optimizer.applyGradients = function (this: tf.Optimizer, gradients) {
    const started = performance.now();
    step.call(this, gradients);
    optimizerMs += performance.now() - started;
  };
  const wrapOutside = () => {
    const hooked: ApplyGradients = optimizer.applyGradients;
    optimizer.applyGradients = function (this: tf.Optimizer, gradients) {
      const started = performance.now();
      hooked.call(this, gradients);
      totalMs += performance.now() - started;
      steps++;
    };
  };
  if (pruning === undefined) wrapOutside();
  else {
    // The library hooks the optimizer in onTrainBegin (fit hands callbacks a Sequential's inner
    // model, so attaching ahead of fit would bind the wrong one): wrap outside right after it.
    let wrapped = false;
    for (const key of ['onTrainBegin', 'onEpochBegin', 'onEpochEnd', 'onTrainEnd'] as const) {
      const hook = pruning[key].bind(pruning) as (...args: unknown[]) => Promise<void>;
      (pruning as unknown as Record<string, unknown>)[key] = async (...args: unknown[]) => {
        const started = performance.now();
        await hook(...args);
        callbackMs += performance.now() - started;
        if (key === 'onTrainBegin' && !wrapped) {
          wrapped = true;
          wrapOutside();
        }
      };
    }
  }
  return () => ({ steps, optimizerMs, stepHookMs: Math.max(0, totalMs - optimizerMs), callbackMs });
}
