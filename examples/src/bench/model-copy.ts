import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveToMemory } from '@tfjs-prune/core/internal';

/**
 * A copy of `model` (topology and weights, no optimizer) whose weights live on the current
 * backend: saved to memory and loaded back, as `tf.loadLayersModel` would from files, so latency
 * on another backend is measured with no cross-backend data moves inside the timed calls.
 */
export async function copyModel(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
}
