import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileSystem } from '@tfjs-prune/core/node';
import { validateConfig } from '@tfjs-prune/schedules';

import { PruningCallback, type PruningCallbackArgs } from '../pruning-callback.js';
import { CheckpointError } from './checkpoint-error.js';
import type { CheckpointManifest } from './checkpoint-format.js';
import { architectureOf, fingerprint, firstDifference } from './fingerprint.js';
import { readStateTensors, readVerifiedCheckpoint } from './read-checkpoint.js';

export interface LoadCheckpointOptions {
  /**
   * The pruning config you mean to continue with; a checkpoint written with another one is
   * refused. Defaults to the config stored in the checkpoint.
   */
  readonly config?: unknown;
  /** A model with the architecture you expect; a checkpoint of another model is refused. */
  readonly expectModel?: tfl.LayersModel;
  /** Arguments for the new callback; its checkpoint settings default to the same directory. */
  readonly callbackArgs?: PruningCallbackArgs;
}

export interface LoadedCheckpoint {
  /** Compiled, with its optimizer's state (slots and iteration count) restored. */
  readonly model: tfl.LayersModel;
  /** Masks, score accumulators and schedule position restored; attached to `model`. */
  readonly callback: PruningCallback;
  /** Pass to `fit` as `initialEpoch`. */
  readonly initialEpoch: number;
  readonly manifest: CheckpointManifest;
}

/**
 * Resumes pruned training from the newest complete checkpoint in `dir`.
 *
 * ```ts
 * const { model, callback, initialEpoch } = await loadCheckpoint('checkpoints');
 * await model.fit(x, y, { epochs: 10, initialEpoch, callbacks: [callback] });
 * ```
 */
export async function loadCheckpoint(dir: string, options: LoadCheckpointOptions = {}): Promise<LoadedCheckpoint> {
  const checkpoint = await readVerifiedCheckpoint(dir);
  const { manifest } = checkpoint;
  if (options.config !== undefined) {
    const expected = validateConfig(options.config, { source: 'loadCheckpoint config' });
    if (fingerprint(expected) !== manifest.configFingerprint) {
      throw new CheckpointError(dir, 'was written with a different pruning config; resume with the config it was written with, or start over in another directory');
    }
  }
  if (fingerprint(manifest.config) !== manifest.configFingerprint) {
    throw new CheckpointError(checkpoint.path, 'is corrupt: its config does not match its fingerprint');
  }
  const model = await tfl.loadLayersModel(fileSystem(checkpoint.path));
  try {
    const architecture = architectureOf(model);
    if (fingerprint(architecture) !== fingerprint(manifest.architecture)) {
      throw new CheckpointError(checkpoint.path, `is corrupt: its model does not match its manifest (${firstDifference(manifest.architecture, architecture)})`);
    }
    if (options.expectModel !== undefined) {
      const expected = architectureOf(options.expectModel);
      if (fingerprint(expected) !== fingerprint(architecture)) {
        throw new CheckpointError(dir, `holds a checkpoint of another model: ${firstDifference(architecture, expected)}`);
      }
    }
    if (model.optimizer === undefined || model.optimizer === null) {
      throw new CheckpointError(checkpoint.path, 'is corrupt: the model was saved without its optimizer');
    }
    const callback = new PruningCallback(manifest.config, {
      checkpoint: { dir },
      ...options.callbackArgs,
    });
    const tensors = await readStateTensors(checkpoint);
    try {
      callback.attach(model);
      callback.importState({ pruners: manifest.pruners, tensors, epoch: manifest.epoch });
    } finally {
      tf.dispose([...tensors.values()]);
    }
    return { model, callback, initialEpoch: manifest.epoch + 1, manifest };
  } catch (error) {
    // The optimizer came from the checkpoint's training config: the model does not own it.
    model.optimizer?.dispose();
    model.dispose();
    throw error;
  }
}
