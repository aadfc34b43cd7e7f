import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { architectureOf, firstDifference } from './architecture.js';
import { CheckpointError } from './checkpoint-error.js';

/**
 * Loads a checkpoint's model and holds it to its manifest: the architecture it recorded, and an
 * optimizer (a model saved without one would resume with fresh Adam moments, silently).
 */
export async function loadCheckedModel(handler: tf.io.IOHandler, location: string, architecture: readonly string[]): Promise<tfl.LayersModel> {
  const model = await tfl.loadLayersModel(handler);
  try {
    const difference = firstDifference(architecture, architectureOf(model));
    if (difference !== undefined) {
      throw new CheckpointError('CHECKPOINT_CORRUPT', location, `is corrupt: its model does not match its manifest (${difference})`);
    }
    if (model.optimizer === undefined || model.optimizer === null) {
      throw new CheckpointError('CHECKPOINT_CORRUPT', location, 'is corrupt: the model was saved without its optimizer');
    }
    return model;
  } catch (error) {
    disposeRestoredModel(model);
    throw error;
  }
}

/** The optimizer came from the checkpoint's training config: the model does not own it. */
export function disposeRestoredModel(model: tfl.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}
