import * as tf from '@tensorflow/tfjs-core';
import { WEIGHTS_BIN } from './layout.js';
import { ModelFileError } from './model-file-error.js';

/**
 * The model.json tfjs writes for `artifacts`, with all weights in one weights.bin. Key order and
 * optional keys follow tfjs-core's getModelJSONForModelArtifacts (which tf.io does not export),
 * so the file matches what tfjs-node's `file://` handler produces.
 */
export function modelJsonFor(artifacts: tf.io.ModelArtifacts, dir: string): tf.io.ModelJSON {
  if (artifacts.modelTopology === undefined || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new ModelFileError(
      dir,
      'fileSystem() saves layers models only: modelTopology must be a JSON object ' +
        `(got ${artifacts.modelTopology === undefined ? 'none' : 'an ArrayBuffer'})`,
    );
  }
  const json: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-core v${tf.version_core}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig != null) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature != null) json.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata != null) {
    json.userDefinedMetadata = artifacts.userDefinedMetadata;
  }
  if (artifacts.modelInitializer != null) json.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature != null) {
    json.initializerSignature = artifacts.initializerSignature;
  }
  return json;
}
