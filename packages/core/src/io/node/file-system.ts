import * as tf from '@tensorflow/tfjs-core';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomic } from './atomic-write.js';
import { MODEL_JSON, WEIGHTS_BIN } from '../layout.js';
import { ModelFileError } from '../model-file-error.js';
import { modelJsonFor } from '../model-json.js';
import { readModelJson } from './read-model-json.js';
import { readWeights } from './read-weights.js';

/**
 * An IOHandler for a directory on the local disk, for Node without tfjs-node. It reads and
 * writes the standard layout (model.json + weights.bin) that tfjs-node's `file://` handler and
 * browsers' `tf.loadLayersModel(url)` read.
 *
 * Saving is atomic: a crash mid-save leaves the previous model loadable. Loading also accepts
 * the path of a model.json, and reads multi-shard manifests such as tfjs-converter's output.
 *
 * @example
 * await model.save(fileSystem('out/model'));
 * const loaded = await tf.loadLayersModel(fileSystem('out/model'));
 */
export function fileSystem(dirOrModelJson: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveModelFiles(dirOrModelJson, artifacts),
    load: () => load(dirOrModelJson),
  };
}

/** The save half of fileSystem(), for callers that hold artifacts rather than a model. */
export async function saveModelFiles(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  if (dir.endsWith('.json')) {
    throw new ModelFileError(
      dir,
      `fileSystem() saves into a directory (it writes ${MODEL_JSON} and ${WEIGHTS_BIN} there); ` +
        `pass '${path.dirname(dir)}' instead`,
    );
  }
  const json = JSON.stringify(modelJsonFor(artifacts, dir));
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
  await writeFilesAtomic(dir, [
    [WEIGHTS_BIN, weights],
    [MODEL_JSON, new TextEncoder().encode(json)],
  ]);
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function load(dirOrModelJson: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = (await isDirectory(dirOrModelJson))
    ? path.join(dirOrModelJson, MODEL_JSON)
    : dirOrModelJson;
  const json = await readModelJson(jsonPath);
  const { specs, data } = await readWeights(jsonPath, json.weightsManifest);
  return tf.io.getModelArtifactsForJSONSync(json, specs, data);
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    // A missing path is reported by readModelJson, naming the model.json it looked for.
    return !p.endsWith('.json');
  }
}
