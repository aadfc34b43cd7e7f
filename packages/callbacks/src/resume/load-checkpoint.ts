import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { PruningConfigInput } from '../config/config-input.js';
import { architectureOf, firstDifference } from '../checkpoint/architecture.js';
import { CheckpointError } from '../checkpoint/checkpoint-error.js';
import type { CheckpointStore, CheckpointSummary } from '../checkpoint/checkpoint-store.js';
import { sameJson } from '../checkpoint/stable-json.js';
import { PruningCallback, type PruningCallbackArgs } from '../pruning-callback.js';

export interface LoadCheckpointOptions {
  /**
   * The pruning config you mean to continue with; a checkpoint written with another one is
   * refused. Needed to resume a config whose schedules are objects (a checkpoint stores JSON).
   * Defaults to the config stored in the checkpoint.
   */
  readonly config?: PruningConfigInput;
  /** A model with the architecture you expect; a checkpoint of another model is refused. */
  readonly expectModel?: tfl.LayersModel;
  /** Arguments for the new callback; it checkpoints into the same store unless they say otherwise. */
  readonly callbackArgs?: PruningCallbackArgs;
}

export interface LoadedCheckpoint {
  /** Compiled, with its optimizer's state (slots and iteration count) restored. */
  readonly model: tfl.LayersModel;
  /** Masks, score accumulators and schedule position restored; attached to `model`. */
  readonly callback: PruningCallback;
  /** Pass to `fit` as `initialEpoch`. */
  readonly initialEpoch: number;
  readonly checkpoint: CheckpointSummary;
}

/**
 * Resumes pruned training from the newest complete checkpoint in `store`: the composition of
 * a stored model, a new callback, and the pruning state put back into it.
 *
 * ```ts
 * const { model, callback, initialEpoch } = await loadCheckpointFrom(store);
 * await model.fit(x, y, { epochs: 10, initialEpoch, callbacks: [callback] });
 * ```
 */
export async function loadCheckpointFrom(store: CheckpointStore, options: LoadCheckpointOptions = {}): Promise<LoadedCheckpoint> {
  const { summary, model, tensors } = await store.restore();
  try {
    const callback = new PruningCallback(options.config ?? summary.config, {
      checkpoint: { store },
      ...(options.config === undefined ? {} : { source: 'loadCheckpoint config' }),
      ...options.callbackArgs,
    });
    if (!sameJson(callback.config, summary.config)) {
      throw new CheckpointError(
        'CHECKPOINT_FOREIGN',
        store.location,
        'was written with a different pruning config; resume with the config it was written with, or start over in another directory',
      );
    }
    if (options.expectModel !== undefined) {
      const difference = firstDifference(summary.architecture, architectureOf(options.expectModel));
      if (difference !== undefined) throw new CheckpointError('CHECKPOINT_FOREIGN', store.location, `holds a checkpoint of another model: ${difference}`);
    }
    callback.attach(model);
    callback.importState({ pruners: summary.pruners, tensors, epoch: summary.epoch });
    return { model, callback, initialEpoch: summary.epoch + 1, checkpoint: summary };
  } catch (error) {
    // The optimizer came from the checkpoint's training config: the model does not own it.
    model.optimizer?.dispose();
    model.dispose();
    throw error;
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
