import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { fileSystem } from './adapters/core.js';
import { CliError } from './cli-error.js';

export interface LoadedModel {
  readonly model: tfl.LayersModel;
  /** The weight files' bytes as stored, concatenated in manifest order. */
  readonly weightBytes: Uint8Array;
}

/**
 * Loads a saved LayersModel (a model.json path or its folder) through core's file handler, so no
 * tfjs-node is needed. File problems come from that handler, naming the file; a topology tfjs
 * cannot build (an unregistered custom layer, say) is reported here with the path in front
 * rather than as tfjs's multi-line hint.
 */
export async function loadSavedModel(path: string): Promise<LoadedModel> {
  const artifacts = await fileSystem(path).load!();
  const weightBytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
  try {
    const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    return { model, weightBytes };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new CliError('CLI_FAILED', `${path}: tfjs cannot build this model (${reason.trim()})`, { cause: error });
  }
}
