import fs from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { CheckpointError } from '../checkpoint-error.js';
import {
  CHECKPOINT_NAME,
  type CheckpointManifest,
  LATEST_FILE,
  MANIFEST_FILE,
  MODEL_FILES,
  parseManifest,
  STATE_FILE,
} from '../checkpoint-manifest.js';
import { sha256 } from './sha256.js';

export interface VerifiedCheckpoint {
  /** The checkpoint's own subdirectory. */
  readonly path: string;
  readonly manifest: CheckpointManifest;
}

/**
 * Finds the checkpoint `latest.json` points to and checks every file against the manifest's
 * sizes and hashes, so a truncated or corrupted file is refused by name instead of producing a
 * model with garbage weights.
 */
export async function readVerifiedCheckpoint(dir: string): Promise<VerifiedCheckpoint> {
  const latestPath = path.join(dir, LATEST_FILE);
  const latestText = await readText(latestPath, { code: 'CHECKPOINT_NOT_FOUND', problem: `holds no checkpoint (${LATEST_FILE} not found)`, reportAs: dir });
  let name: unknown;
  try {
    name = (JSON.parse(latestText) as { checkpoint?: unknown } | null)?.checkpoint;
  } catch (error) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', latestPath, 'is corrupt: not valid JSON', { cause: error });
  }
  // The pointer is data from disk: only a plain checkpoint name may come out of it, never a path.
  if (typeof name !== 'string' || !CHECKPOINT_NAME.test(name)) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', latestPath, `is corrupt: "checkpoint" must name a ckpt-NNNNNN-xxxxxxxx directory (got ${JSON.stringify(name)})`);
  }
  const checkpointDir = path.join(dir, name);
  const manifestPath = path.join(checkpointDir, MANIFEST_FILE);
  const manifest = parseManifest(manifestPath, await readText(manifestPath, { code: 'CHECKPOINT_CORRUPT', problem: 'is missing: the checkpoint is incomplete' }));
  for (const file of [...MODEL_FILES, STATE_FILE]) {
    const expected = Object.hasOwn(manifest.files, file) ? manifest.files[file] : undefined;
    const filePath = path.join(checkpointDir, file);
    if (expected === undefined) throw new CheckpointError('CHECKPOINT_CORRUPT', manifestPath, `is corrupt: it lists no "${file}"`);
    const bytes = await readBytes(filePath);
    if (bytes.length !== expected.bytes) {
      throw new CheckpointError('CHECKPOINT_CORRUPT', filePath, `is truncated or overwritten: ${bytes.length} bytes, the manifest says ${expected.bytes}`);
    }
    if (sha256(bytes) !== expected.sha256) {
      throw new CheckpointError('CHECKPOINT_CORRUPT', filePath, 'is corrupt: its sha256 does not match the manifest');
    }
  }
  return { path: checkpointDir, manifest };
}

/** The pruning state tensors of a verified checkpoint; the caller owns them. */
export async function readStateTensors({ path: checkpointDir, manifest }: VerifiedCheckpoint): Promise<Map<string, tf.Tensor>> {
  const bytes = await readBytes(path.join(checkpointDir, STATE_FILE));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return new Map(Object.entries(tf.io.decodeWeights(buffer, [...manifest.state])));
  } catch (error) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', path.join(checkpointDir, STATE_FILE), `is corrupt: ${(error as Error).message}`, { cause: error });
  }
}

interface Missing {
  readonly code: 'CHECKPOINT_NOT_FOUND' | 'CHECKPOINT_CORRUPT';
  readonly problem: string;
  readonly reportAs?: string;
}

async function readText(file: string, missing: Missing): Promise<string> {
  return new TextDecoder().decode(await readBytes(file, missing));
}

async function readBytes(file: string, missing: Missing = { code: 'CHECKPOINT_CORRUPT', problem: 'is missing' }): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new CheckpointError(missing.code, missing.reportAs ?? file, missing.problem, { cause: error });
    }
    throw new CheckpointError('CHECKPOINT_UNREADABLE', file, `cannot be read (${(error as Error).message})`, { cause: error });
  }
}
