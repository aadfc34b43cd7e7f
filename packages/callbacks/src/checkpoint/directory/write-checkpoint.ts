import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { saveModelFiles, syncDirectory, writeAndSync, writeFilesAtomic } from '@tfjs-prune/core/node';

import { architectureOf } from '../architecture.js';
import type { CheckpointContents } from '../checkpoint-store.js';
import { modelArtifacts } from '../model-artifacts.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_NAME,
  CHECKPOINT_VERSION,
  type CheckpointManifest,
  LATEST_FILE,
  MANIFEST_FILE,
  MODEL_FILES,
  STATE_FILE,
} from '../checkpoint-manifest.js';
import { fingerprint, sha256 } from './sha256.js';

/**
 * Writes a complete checkpoint into a fresh subdirectory of `dir`, then moves `latest.json` to
 * it, then deletes all but the newest `keep` checkpoints. Returns the new subdirectory.
 */
export async function writeCheckpoint(dir: string, contents: CheckpointContents, { keep = 2 } = {}): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const name = `ckpt-${String(contents.epoch).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(dir, `.staging-${name}`);
  await fs.mkdir(staging);
  try {
    await saveModelFiles(staging, await modelArtifacts(contents.model, dir));
    const { data, specs } = await tf.io.encodeWeights(Object.fromEntries(contents.tensors));
    await writeAndSync(path.join(staging, STATE_FILE), new Uint8Array(data));
    const files: Record<string, { bytes: number; sha256: string }> = {};
    for (const file of [...MODEL_FILES, STATE_FILE]) {
      const bytes = await fs.readFile(path.join(staging, file));
      files[file] = { bytes: bytes.length, sha256: sha256(bytes) };
    }
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      epoch: contents.epoch,
      config: contents.config,
      configFingerprint: fingerprint(contents.config),
      architecture: architectureOf(contents.model),
      pruners: contents.pruners,
      state: specs,
      files,
    };
    await writeAndSync(path.join(staging, MANIFEST_FILE), new TextEncoder().encode(JSON.stringify(manifest)));
    await syncDirectory(staging);
    await fs.rename(staging, path.join(dir, name));
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  await writeFilesAtomic(dir, [[LATEST_FILE, new TextEncoder().encode(JSON.stringify({ checkpoint: name, epoch: contents.epoch }))]]);
  await removeOldCheckpoints(dir, name, keep);
  return path.join(dir, name);
}

/**
 * Keeps the newest `keep` checkpoints (by epoch, the one just written always among them) and
 * removes what writers that crashed left behind: staging directories and latest.json temp and
 * backup files. One training writes to a directory at a time, so none of these is in use.
 */
async function removeOldCheckpoints(dir: string, current: string, keep: number): Promise<void> {
  const entries = await fs.readdir(dir);
  const checkpoints = entries.filter((e) => CHECKPOINT_NAME.test(e) && e !== current).sort().reverse();
  const leftovers = entries.filter((e) => e.startsWith('.staging-') || e.startsWith(`.${LATEST_FILE}.`));
  const doomed = [...checkpoints.slice(Math.max(keep - 1, 0)), ...leftovers];
  await Promise.all(doomed.map((e) => fs.rm(path.join(dir, e), { recursive: true, force: true }).catch(() => undefined)));
}
