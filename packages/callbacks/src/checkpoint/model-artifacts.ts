import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { saveToMemory } from '@tfjs-prune/core/internal';

import { CheckpointError } from './checkpoint-error.js';

/**
 * The model's artifacts with the optimizer's state (its slots and iteration count) included,
 * captured in memory so that every store writes exactly what tfjs serialized, in its own medium.
 * `location` is the store, named in the error.
 */
export async function modelArtifacts(model: tfl.LayersModel, location: string): Promise<tf.io.ModelArtifacts> {
  const release = disposeIterationsScalar(model);
  try {
    return await saveToMemory(model, { includeOptimizer: true });
  } catch (error) {
    throw new CheckpointError(
      'CHECKPOINT_UNSERIALIZABLE',
      location,
      `cannot checkpoint model "${model.name}": tfjs could not serialize it with its optimizer ` +
        `(${(error as Error).message}). Checkpoints need a compiled model whose loss and metrics are given by name.`,
      { cause: error },
    );
  } finally {
    release();
  }
}

/**
 * tfjs optimizers hand `save` their iteration count as a new scalar that nobody disposes: one
 * leaked tensor per checkpoint. Watches `getWeights` for the duration of one save and frees what
 * it returned that is not one of the optimizer's own variables. Returns the undo.
 */
function disposeIterationsScalar(model: tfl.LayersModel): () => void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  if (optimizer === undefined || optimizer === null) return () => undefined;
  const own = Object.getOwnPropertyDescriptor(optimizer, 'getWeights');
  const original = optimizer.getWeights;
  const handed: tf.Tensor[] = [];
  optimizer.getWeights = async function (this: tf.Optimizer) {
    const weights = await original.call(this);
    handed.push(...weights.map((w) => w.tensor));
    return weights;
  };
  return () => {
    if (own === undefined) delete (optimizer as { getWeights?: unknown }).getWeights;
    else Object.defineProperty(optimizer, 'getWeights', own);
    tf.dispose(handed.filter((t) => !(t instanceof tf.Variable)));
  };
}
