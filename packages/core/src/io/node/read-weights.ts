import type * as tf from '@tensorflow/tfjs-core';
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './error-code.js';
import { concatBytes } from '../concat-bytes.js';
import { ModelFileError } from '../model-file-error.js';
import { weightByteLength } from '../weight-bytes.js';
import { resolveWeightsPath } from './weights-path.js';

/**
 * Reads every shard of every manifest group, in order, into one buffer laid out the way
 * tf.io.decodeWeights expects (group after group, shard after shard).
 *
 * Each group's size is checked against its specs. tfjs would silently ignore extra bytes and
 * fail obscurely on missing ones; either way the files do not belong together.
 */
export async function readWeights(
  jsonPath: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const [g, group] of manifest.entries()) {
    const pointer = `weightsManifest[${g}]`;
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      throw new ModelFileError(jsonPath, `${pointer} must have 'paths' and 'weights' arrays`);
    }
    const files = group.paths.map((p, i) => resolveWeightsPath(jsonPath, `${pointer}.paths[${i}]`, p));
    const shards: Uint8Array[] = [];
    for (const file of files) shards.push(await readShard(jsonPath, file));
    checkGroupSize(jsonPath, group, files, shards);
    specs.push(...group.weights);
    chunks.push(...shards);
  }
  return { specs, data: concatBytes(chunks).buffer };
}

async function readShard(jsonPath: string, file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new ModelFileError(file, `weights file not found (listed in ${jsonPath})`, {
        cause: error,
      });
    }
    throw error;
  }
}

function checkGroupSize(
  jsonPath: string,
  group: tf.io.WeightsManifestConfig[number],
  files: readonly string[],
  shards: readonly Uint8Array[],
): void {
  let needed = 0;
  for (const spec of group.weights) {
    const bytes = weightByteLength(spec);
    if (bytes === null) return; // String weights: only decodeWeights can size them.
    needed += bytes;
  }
  const have = shards.reduce((sum, s) => sum + s.byteLength, 0);
  if (have === needed) return;
  const names = group.paths.join(' + ');
  const verb = files.length === 1 ? 'has' : 'have';
  const at = files.length === 1 ? (files[0] as string) : path.dirname(jsonPath);
  throw new ModelFileError(at, `${names} ${verb} ${have} bytes, the manifest needs ${needed}`);
}
