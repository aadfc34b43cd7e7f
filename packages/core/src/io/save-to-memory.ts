import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * `model.save()` into memory: the exact artifacts (topology, metadata, weights, and with
 * `includeOptimizer` the optimizer's slots) tfjs would write to files. Whatever save throws
 * reaches the caller unchanged, so each caller can say what it was saving for.
 */
export async function saveToMemory(model: tfl.LayersModel, config?: tf.io.SaveConfig): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
    config,
  );
  // tfjs-layers calls the handler exactly once before save() resolves; this only narrows the type.
  if (captured === undefined) throw new Error(`saveToMemory: model.save() of "${model.name}" returned without saving`);
  return captured;
}
