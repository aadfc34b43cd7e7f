import type * as tf from '@tensorflow/tfjs-core';
import fs from 'node:fs/promises';
import { jsonSyntaxProblem } from '@tfjs-prune/errors';
import { errorCode } from './error-code.js';
import { LAYERS_MODEL_FORMAT } from '../layout.js';
import { ModelFileError } from '../model-file-error.js';

/** Reads and checks a layers-model model.json; every failure names the file and what was wrong. */
export async function readModelJson(jsonPath: string): Promise<tf.io.ModelJSON> {
  let text: string;
  try {
    text = await fs.readFile(jsonPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new ModelFileError(
        jsonPath,
        'file not found; expected a model.json written by model.save() or exportModel()',
        { cause: error },
      );
    }
    throw error;
  }
  const json = parseJson(jsonPath, text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFileError(jsonPath, 'expected a JSON object at the top level');
  }
  const model = json as Record<string, unknown>;
  // Models saved before tfjs 1.0 have no `format`; their topology alone identifies them.
  if (model['format'] !== undefined && model['format'] !== LAYERS_MODEL_FORMAT) {
    throw new ModelFileError(
      jsonPath,
      `format is ${JSON.stringify(model['format'])}, expected '${LAYERS_MODEL_FORMAT}' ` +
        '(graph models load with tf.loadGraphModel from @tensorflow/tfjs-converter)',
    );
  }
  const topology = model['modelTopology'];
  if (typeof topology !== 'object' || topology === null || Array.isArray(topology)) {
    throw new ModelFileError(jsonPath, 'modelTopology is missing or not an object');
  }
  if (!Array.isArray(model['weightsManifest'])) {
    throw new ModelFileError(jsonPath, 'weightsManifest is missing or not an array');
  }
  return model as unknown as tf.io.ModelJSON;
}

/** JSON.parse, with the error placed at line:column of the file. */
function parseJson(jsonPath: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { reason, at } = jsonSyntaxProblem(text, error);
    throw new ModelFileError(jsonPath, `invalid JSON: ${reason.replace(/\.$/, '')}`, {
      cause: error,
      ...(at === undefined ? {} : { at: `${at.line}:${at.column}` }),
    });
  }
}
