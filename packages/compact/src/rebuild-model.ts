import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { CompactionError } from './compaction-error.js';
import { layersByPath, type WeightValues } from './model-weights.js';

/**
 * Builds a new model from a rewritten JSON topology of `model` and gives every layer with
 * weights the values `weightsFor(path)` returns (undefined: the layer is skipped). `purpose`
 * finishes the error messages ("with fewer channels"). A model that fails half way is disposed.
 */
export async function rebuildModel(
  model: tfl.LayersModel,
  topology: Record<string, unknown>,
  purpose: { rebuilt: string; weights: string },
  weightsFor: (path: string) => readonly WeightValues[] | undefined,
): Promise<tfl.LayersModel> {
  let rebuilt: tfl.LayersModel;
  try {
    rebuilt = await tfl.models.modelFromJSON({ modelTopology: topology } as unknown as Parameters<typeof tfl.models.modelFromJSON>[0]);
  } catch (cause) {
    throw new CompactionError('COMPACT_REBUILD_FAILED', `could not rebuild "${model.name}" ${purpose.rebuilt}: ${(cause as Error).message}`, { cause });
  }
  try {
    for (const [path, target] of layersByPath(rebuilt)) {
      if (target instanceof tfl.LayersModel || target.weights.length === 0) continue;
      const weights = weightsFor(path);
      if (weights === undefined) continue;
      const tensors = weights.map((w) => tf.tensor(w.values, [...w.shape]));
      try {
        target.setWeights(tensors);
      } catch (cause) {
        throw new CompactionError('COMPACT_WEIGHTS_MISMATCH', `could not give "${path}" its ${purpose.weights} weights: ${(cause as Error).message}`, { cause });
      } finally {
        tf.dispose(tensors);
      }
    }
  } catch (error) {
    rebuilt.dispose();
    throw error;
  }
  return rebuilt;
}
