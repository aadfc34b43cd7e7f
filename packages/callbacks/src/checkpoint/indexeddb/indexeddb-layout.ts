import { CheckpointError } from '../checkpoint-error.js';
import { CHECKPOINT_NAME } from '../checkpoint-manifest.js';

/*
 * In a page, a checkpoint store named `run` lives in two IndexedDB databases of the origin:
 *
 *   tfjs-prune-checkpoints (ours)   checkpoints: {key: "run/ckpt-000004-3fa9c2d1", store: "run",
 *                                                 manifest: <checkpoint.json text>, state: <bytes>}
 *                                   latest:      {store: "run", checkpoint: "run/ckpt-000004-...", epoch}
 *   tensorflowjs (tfjs's own)       the model with its optimizer state, written by tfjs's
 *                                   indexeddb:// handler at MODEL_URL_PREFIX + key
 *
 * The manifest is the directory store's checkpoint.json, with the hashes of the model's topology
 * (as "model.json"), its weights ("weights.bin") and the state bytes ("pruning-state.bin"). A
 * checkpoint is complete once its model is saved and its record written; the `latest` record
 * moves in the same transaction as that record is added, so a reader only ever sees complete ones.
 */

export const DATABASE = 'tfjs-prune-checkpoints';
export const CHECKPOINTS = 'checkpoints';
export const LATEST = 'latest';
export const STORES: Readonly<Record<string, string>> = { [CHECKPOINTS]: 'key', [LATEST]: 'store' };
export const MODEL_URL_PREFIX = `indexeddb://${DATABASE}/`;

/** Store names are one plain segment, so no store's keys can be the prefix of another's. */
export const STORE_NAME = /^[\w.-]{1,200}$/;

export interface CheckpointRecord {
  readonly key: string;
  readonly store: string;
  readonly manifest: string;
  readonly state: ArrayBuffer;
}

export interface LatestRecord {
  readonly store: string;
  readonly checkpoint: string;
  readonly epoch: number;
}

export function checkpointKey(store: string, epoch: number): string {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(4));
  const suffix = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${store}/ckpt-${String(epoch).padStart(6, '0')}-${suffix}`;
}

/** Whether `key` names a checkpoint of `store` (and nothing else: the record is data). */
export function isCheckpointKeyOf(store: string, key: unknown): key is string {
  return typeof key === 'string' && key.startsWith(`${store}/`) && CHECKPOINT_NAME.test(key.slice(store.length + 1));
}

/** The checkpoint the `latest` record points to; refuses anything but one of this store's keys. */
export function pointedCheckpoint(location: string, store: string, latest: unknown): string {
  const key = (latest as Partial<LatestRecord> | null)?.checkpoint;
  if (!isCheckpointKeyOf(store, key)) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', `${location} (latest)`, `is corrupt: "checkpoint" must name a ${store}/ckpt-NNNNNN-xxxxxxxx record (got ${JSON.stringify(key)})`);
  }
  return key;
}

/** Shape-checks a checkpoint record read back from IndexedDB. */
export function checkedRecord(location: string, key: string, value: unknown): CheckpointRecord {
  if (value === undefined || value === null) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', location, 'is missing: the latest record points to a checkpoint that is not there');
  }
  const record = value as Partial<CheckpointRecord>;
  if (record.key !== key || typeof record.manifest !== 'string' || !(record.state instanceof ArrayBuffer)) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', location, 'is corrupt: not a {key, store, manifest, state} checkpoint record');
  }
  return record as CheckpointRecord;
}
