import type * as tf from '@tensorflow/tfjs-core';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import type { PrunerState } from '../state/pruning-state.js';
import { CheckpointError } from './checkpoint-error.js';

/*
 * The checkpoint manifest (checkpoint.json), the same in every medium. In IndexedDB it is stored
 * in the checkpoint's record (see indexeddb/indexeddb-layout.ts), with the file names below
 * naming the parts it hashes. On disk, a checkpoint directory holds complete checkpoints in subdirectories and one pointer:
 *
 *   <dir>/latest.json            {"checkpoint": "ckpt-000004-3fa9c2d1"}  (replaced atomically)
 *   <dir>/ckpt-000004-3fa9c2d1/  model.json, weights.bin (model + optimizer state, tfjs format),
 *                                pruning-state.bin, checkpoint.json (manifest, written last)
 *
 * A subdirectory is built under a staging name and renamed into place only when every file in
 * it is written and fsynced; the pointer moves after that. So a crash at any moment leaves the
 * pointer on the previous complete checkpoint.
 */

export const CHECKPOINT_FORMAT = 'tfjs-prune-checkpoint';
/** 2: pruning state in a section per pruner (version 1 keyed it by weight alone, so two pruners masking one weight collided). */
export const CHECKPOINT_VERSION = 2;
export const LATEST_FILE = 'latest.json';
export const MANIFEST_FILE = 'checkpoint.json';
export const STATE_FILE = 'pruning-state.bin';
export const MODEL_FILES = ['model.json', 'weights.bin'] as const;

/** Checkpoint subdirectory names; anything else in latest.json is refused (no path tricks). */
export const CHECKPOINT_NAME = /^ckpt-\d{6}-[0-9a-f]{8}$/;

export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** The last epoch completed before this checkpoint; training resumes at epoch + 1. */
  readonly epoch: number;
  readonly config: ResolvedPruningConfig;
  readonly configFingerprint: string;
  readonly architecture: readonly string[];
  readonly pruners: readonly PrunerState[];
  /** Specs of the pruning state tensors in pruning-state.bin (masks, accumulators, snapshots). */
  readonly state: readonly tf.io.WeightsManifestEntry[];
  /** Every other file of the checkpoint, with its size and sha256, to catch corruption. */
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

/** Parses and shape-checks a manifest; refuses anything that is not one of ours. */
export function parseManifest(path: string, text: string): CheckpointManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', path, `is corrupt: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const m = value as Partial<Record<keyof CheckpointManifest, unknown>> | null;
  if (m === null || typeof m !== 'object' || m.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', path, `is not a tfjs-prune checkpoint manifest (no "format": "${CHECKPOINT_FORMAT}")`);
  }
  if (m.version !== CHECKPOINT_VERSION) {
    const older = typeof m.version === 'number' && m.version < CHECKPOINT_VERSION;
    throw new CheckpointError(
      'CHECKPOINT_CORRUPT',
      path,
      `has format version ${JSON.stringify(m.version)}; this library reads version ${CHECKPOINT_VERSION}` +
        (older ? ' (older checkpoints could restore one pruner with the mask of another; start the run again)' : ''),
    );
  }
  const problems: string[] = [];
  if (!Number.isInteger(m.epoch) || (m.epoch as number) < 0) problems.push('"epoch" is not a non-negative integer');
  if (typeof m.config !== 'object' || m.config === null) problems.push('"config" is missing');
  if (typeof m.configFingerprint !== 'string') problems.push('"configFingerprint" is missing');
  if (!Array.isArray(m.architecture) || !m.architecture.every((a) => typeof a === 'string')) problems.push('"architecture" is not a list of strings');
  if (!Array.isArray(m.pruners)) problems.push('"pruners" is not a list');
  if (!Array.isArray(m.state)) problems.push('"state" is not a list');
  else if (!m.state.every(isSafeStateSpec)) problems.push('"state" has an entry that is not a {name, shape, dtype} spec with a plain name');
  if (typeof m.files !== 'object' || m.files === null || Array.isArray(m.files)) problems.push('"files" is missing');
  if (problems.length > 0) throw new CheckpointError('CHECKPOINT_CORRUPT', path, `is corrupt: ${problems.join('; ')}`);
  return m as CheckpointManifest;
}

/** State keys become property names when tfjs decodes them: only plain names are allowed. */
function isSafeStateSpec(spec: unknown): boolean {
  const s = spec as Partial<tf.io.WeightsManifestEntry> | null;
  return (
    s !== null &&
    typeof s === 'object' &&
    typeof s.name === 'string' &&
    /^[\w\-./:]+$/.test(s.name) &&
    !['__proto__', 'constructor', 'prototype'].includes(s.name) &&
    Array.isArray(s.shape) &&
    s.shape.every((d) => Number.isInteger(d) && d >= 0) &&
    (s.dtype === 'float32' || s.dtype === 'int32' || s.dtype === 'bool')
  );
}
