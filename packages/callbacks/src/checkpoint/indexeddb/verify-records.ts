import * as tf from '@tensorflow/tfjs-core';

import { CheckpointError } from '../checkpoint-error.js';
import type { CheckpointManifest } from '../checkpoint-manifest.js';
import { stableJson } from '../stable-json.js';
import { sha256Hex } from './web-sha256.js';

/*
 * The integrity check of a checkpoint read back from IndexedDB: each part against the size and
 * sha256 its manifest recorded, so a record that was cut short, edited or swapped is refused by
 * name instead of resuming a model with garbage weights.
 */

/**
 * The model's topology, weight specs and training config as sorted-key JSON: what "model.json"
 * stands for in the manifest. JSON first, so properties that are undefined count as absent
 * whichever way IndexedDB's structured clone treats them.
 */
export function canonicalTopology(artifacts: tf.io.ModelArtifacts): string {
  const { modelTopology, weightSpecs, trainingConfig } = artifacts;
  return stableJson(JSON.parse(JSON.stringify({ modelTopology, weightSpecs, trainingConfig }) ?? '{}'));
}

/** The weights as one byte array (tfjs may hand them over in several buffers). */
export function weightBytes(artifacts: tf.io.ModelArtifacts): Uint8Array {
  return new Uint8Array(artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData));
}

export async function verifyState(location: string, manifest: CheckpointManifest, state: ArrayBuffer): Promise<void> {
  await verifyPart(location, manifest, 'pruning-state.bin', new Uint8Array(state));
}

export async function verifyModelArtifacts(location: string, manifest: CheckpointManifest, artifacts: tf.io.ModelArtifacts): Promise<void> {
  await verifyPart(location, manifest, 'model.json', new TextEncoder().encode(canonicalTopology(artifacts)));
  await verifyPart(location, manifest, 'weights.bin', weightBytes(artifacts));
}

async function verifyPart(location: string, manifest: CheckpointManifest, part: string, bytes: Uint8Array): Promise<void> {
  const expected = Object.hasOwn(manifest.files, part) ? manifest.files[part] : undefined;
  if (expected === undefined) throw new CheckpointError('CHECKPOINT_CORRUPT', location, `is corrupt: its manifest lists no "${part}"`);
  if (bytes.byteLength !== expected.bytes) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', `${location} (${part})`, `is truncated or overwritten: ${bytes.byteLength} bytes, the manifest says ${expected.bytes}`);
  }
  if ((await sha256Hex(bytes)) !== expected.sha256) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', `${location} (${part})`, 'is corrupt: its sha256 does not match the manifest');
  }
}
