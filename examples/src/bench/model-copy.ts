import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A copy of `model` (topology and weights, no optimizer) whose weights live on the current
 * backend: saved to memory and loaded back, as `tf.loadLayersModel` would from files, so latency
 * on another backend is measured with no cross-backend data moves inside the timed calls.
 */
export async function copyModel(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === undefined) throw new Error(`copyModel: saving "${model.name}" produced no artifacts`);
  return tfl.loadLayersModel(tf.io.fromMemory(saved));
}
