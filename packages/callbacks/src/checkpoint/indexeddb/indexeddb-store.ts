import * as tf from '@tensorflow/tfjs-core';

import { architectureOf } from '../architecture.js';
import { disposeRestoredModel, loadCheckedModel } from '../checked-model.js';
import { CheckpointError } from '../checkpoint-error.js';
import type { CheckpointContents, CheckpointStore, CheckpointSummary, RestoredCheckpoint } from '../checkpoint-store.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type CheckpointManifest, parseManifest } from '../checkpoint-manifest.js';
import { modelArtifacts } from '../model-artifacts.js';
import { globalIndexedDb, type IdbDatabase, type IdbFactory, openDatabase, transact } from './idb.js';
import {
  CHECKPOINTS,
  checkedRecord,
  checkpointKey,
  type CheckpointRecord,
  DATABASE,
  isCheckpointKeyOf,
  LATEST,
  type LatestRecord,
  MODEL_URL_PREFIX,
  pointedCheckpoint,
  STORE_NAME,
  STORES,
} from './indexeddb-layout.js';
import { canonicalTopology, verifyModelArtifacts, verifyState, weightBytes } from './verify-records.js';
import { fingerprintOf, hasWebCrypto, sha256Hex } from './web-sha256.js';

export interface IndexedDbCheckpointOptions {
  /** How many complete checkpoints to keep. Defaults to 2. */
  readonly keep?: number;
}

/** A `CheckpointStore` in the page's IndexedDB, with a way to start over. */
export interface IndexedDbCheckpointStore extends CheckpointStore {
  /** Deletes every checkpoint of this store (models included), e.g. before a fresh training. */
  clear(): Promise<void>;
}

/**
 * Checkpoints in the browser's IndexedDB, under `name`: the model (with its optimizer's state)
 * through tfjs's `indexeddb://` handler, the masks and pruning state beside it in IndexedDB.
 * Each checkpoint is written under a new key and only then made `latest`, in one transaction
 * with its record, so a write that fails halfway (a closed tab, a full quota) leaves the
 * previous checkpoint readable; every part is checked against its size and sha256 on the way
 * back. The newest two are kept. Survives a page reload; `loadCheckpointFrom(store)` resumes.
 *
 * ```ts
 * const store = indexedDbCheckpoints('lenet');
 * const pruning = new PruningCallback(config, { checkpoint: { store } });
 * // after a reload:
 * const { model, callback, initialEpoch } = await loadCheckpointFrom(indexedDbCheckpoints('lenet'));
 * ```
 */
export function indexedDbCheckpoints(name: string, options: IndexedDbCheckpointOptions = {}): IndexedDbCheckpointStore {
  return new IndexedDbStore(name, options);
}

interface VerifiedRecord {
  readonly key: string;
  readonly manifest: CheckpointManifest;
  readonly record: CheckpointRecord;
  readonly artifacts: tf.io.ModelArtifacts;
}

class IndexedDbStore implements IndexedDbCheckpointStore {
  readonly location: string;
  private readonly keep: number;
  private readonly factory: IdbFactory;

  constructor(
    private readonly name: string,
    { keep = 2 }: IndexedDbCheckpointOptions,
  ) {
    if (typeof name !== 'string' || !STORE_NAME.test(name)) {
      throw new CheckpointError('CHECKPOINT_ARGS', 'checkpoint', `the IndexedDB store name must be letters, digits, "_", "-" or "." (got ${JSON.stringify(name)})`);
    }
    this.location = `${MODEL_URL_PREFIX}${name}`;
    if (!Number.isInteger(keep) || keep < 1) throw new CheckpointError('CHECKPOINT_ARGS', this.location, `keep must be an integer ≥ 1 (got ${keep})`);
    const factory = globalIndexedDb();
    if (factory === undefined) {
      throw new CheckpointError(
        'CHECKPOINT_ARGS',
        this.location,
        "needs IndexedDB, which this environment lacks; in Node use checkpointDirectory(dir) from '@tfjs-prune/callbacks/node'",
      );
    }
    if (!hasWebCrypto()) {
      throw new CheckpointError('CHECKPOINT_ARGS', this.location, 'needs crypto.subtle to check checkpoints, which browsers offer only to secure pages (https, localhost)');
    }
    this.keep = keep;
    this.factory = factory;
  }

  async latest(): Promise<CheckpointSummary | null> {
    const verified = await this.withDatabase((db) => this.readVerified(db));
    return verified === null ? null : summaryOf(verified);
  }

  async write(contents: CheckpointContents): Promise<void> {
    const key = checkpointKey(this.name, contents.epoch);
    const modelUrl = `${MODEL_URL_PREFIX}${key}`;
    const artifacts = await modelArtifacts(contents.model, this.location);
    const weights = weightBytes(artifacts);
    const { data: state, specs } = await tf.io.encodeWeights(Object.fromEntries(contents.tensors));
    const topology = canonicalTopology(artifacts);
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      epoch: contents.epoch,
      config: contents.config,
      configFingerprint: await fingerprintOf(contents.config),
      architecture: architectureOf(contents.model),
      pruners: contents.pruners,
      state: specs,
      files: {
        'model.json': await fileEntry(new TextEncoder().encode(topology)),
        'weights.bin': await fileEntry(weights),
        'pruning-state.bin': await fileEntry(new Uint8Array(state)),
      },
    };
    await this.saveModel(modelUrl, { ...artifacts, weightData: weights.buffer as ArrayBuffer });
    const record: CheckpointRecord = { key, store: this.name, manifest: JSON.stringify(manifest), state };
    const latest: LatestRecord = { store: this.name, checkpoint: key, epoch: contents.epoch };
    try {
      await this.withDatabase((db) =>
        transact(db, [CHECKPOINTS, LATEST], 'readwrite', (tx) => {
          tx.objectStore(CHECKPOINTS).put(record);
          tx.objectStore(LATEST).put(latest);
          return () => undefined;
        }),
      );
    } catch (error) {
      await tf.io.removeModel(modelUrl).catch(() => undefined);
      throw mediumError(this.location, 'cannot be written', error);
    }
    await this.removeOld(key);
  }

  async restore(): Promise<RestoredCheckpoint> {
    const verified = await this.withDatabase((db) => this.readVerified(db));
    if (verified === null) throw new CheckpointError('CHECKPOINT_NOT_FOUND', this.location, 'holds no checkpoint (no latest record)');
    const summary = await summaryOf(verified);
    const model = await loadCheckedModel({ load: async () => verified.artifacts }, summary.location, summary.architecture);
    try {
      return { summary, model, tensors: decodeState(summary.location, verified) };
    } catch (error) {
      disposeRestoredModel(model);
      throw error;
    }
  }

  async clear(): Promise<void> {
    const keys = await this.withDatabase(async (db) => {
      const mine = await this.checkpointKeys(db);
      await transact(db, [CHECKPOINTS, LATEST], 'readwrite', (tx) => {
        tx.objectStore(LATEST).delete(this.name);
        for (const key of mine) tx.objectStore(CHECKPOINTS).delete(key);
        return () => undefined;
      });
      return mine;
    });
    await this.removeModels((key) => keys.includes(key) || isCheckpointKeyOf(this.name, key));
  }

  /** The newest complete checkpoint, verified, or null when there is no latest record. */
  private async readVerified(db: IdbDatabase): Promise<(VerifiedRecord & { location: string }) | null> {
    const latest = await transact(db, [LATEST], 'readonly', (tx) => {
      const request = tx.objectStore(LATEST).get(this.name);
      return () => request.result;
    });
    if (latest === undefined) return null;
    const key = pointedCheckpoint(this.location, this.name, latest);
    const location = `${MODEL_URL_PREFIX}${key}`;
    const value = await transact(db, [CHECKPOINTS], 'readonly', (tx) => {
      const request = tx.objectStore(CHECKPOINTS).get(key);
      return () => request.result;
    });
    const record = checkedRecord(location, key, value);
    const manifest = parseManifest(location, record.manifest);
    await verifyState(location, manifest, record.state);
    const artifacts = await this.loadModelArtifacts(location);
    await verifyModelArtifacts(location, manifest, artifacts);
    return { key, location, manifest, record, artifacts };
  }

  private async saveModel(url: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
    const [handler] = tf.io.getSaveHandlers(url);
    if (handler?.save === undefined) throw noIndexedDbHandler(this.location);
    try {
      await handler.save(artifacts);
    } catch (error) {
      throw mediumError(this.location, 'cannot be written', error);
    }
  }

  private async loadModelArtifacts(location: string): Promise<tf.io.ModelArtifacts> {
    const [handler] = tf.io.getLoadHandlers(location);
    if (handler?.load === undefined) throw noIndexedDbHandler(this.location);
    try {
      return await handler.load();
    } catch (error) {
      if (/Cannot find model/.test((error as Error).message)) {
        throw new CheckpointError('CHECKPOINT_CORRUPT', location, 'is corrupt: its model is missing from IndexedDB', { cause: error });
      }
      throw mediumError(location, 'cannot be read', error);
    }
  }

  /**
   * Keeps the newest `keep` checkpoints (by epoch, the one just written always among them) and
   * removes models that a write which failed after saving its model left without a record.
   */
  private async removeOld(current: string): Promise<void> {
    const kept = await this.withDatabase(async (db) => {
      const others = (await this.checkpointKeys(db)).filter((k) => k !== current).sort().reverse();
      const doomed = others.slice(Math.max(this.keep - 1, 0));
      if (doomed.length > 0) {
        await transact(db, [CHECKPOINTS], 'readwrite', (tx) => {
          for (const key of doomed) tx.objectStore(CHECKPOINTS).delete(key);
          return () => undefined;
        });
      }
      return new Set([current, ...others.slice(0, Math.max(this.keep - 1, 0))]);
    });
    await this.removeModels((key) => isCheckpointKeyOf(this.name, key) && !kept.has(key));
  }

  private async checkpointKeys(db: IdbDatabase): Promise<string[]> {
    return transact(db, [CHECKPOINTS], 'readonly', (tx) => {
      const request = tx.objectStore(CHECKPOINTS).getAll();
      return () => request.result.map((r) => (r as Partial<CheckpointRecord>).key).filter((k) => isCheckpointKeyOf(this.name, k));
    });
  }

  /** Removes this store's models for which `doomed(key)` holds; a model left over is only space. */
  private async removeModels(doomed: (key: string) => boolean): Promise<void> {
    const models = await tf.io.listModels().catch(() => ({}));
    const urls = Object.keys(models).filter((url) => url.startsWith(MODEL_URL_PREFIX) && doomed(url.slice(MODEL_URL_PREFIX.length)));
    await Promise.all(urls.map((url) => tf.io.removeModel(url).catch(() => undefined)));
  }

  private async withDatabase<T>(work: (db: IdbDatabase) => Promise<T>): Promise<T> {
    let db: IdbDatabase;
    try {
      db = await openDatabase(this.factory, DATABASE, STORES);
    } catch (error) {
      throw mediumError(this.location, 'cannot be opened', error);
    }
    try {
      return await work(db);
    } finally {
      db.close();
    }
  }
}

async function summaryOf({ location, manifest }: { location: string; manifest: CheckpointManifest }): Promise<CheckpointSummary> {
  if ((await fingerprintOf(manifest.config)) !== manifest.configFingerprint) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', location, 'is corrupt: its config does not match its fingerprint');
  }
  return { location, epoch: manifest.epoch, config: manifest.config, architecture: manifest.architecture, pruners: manifest.pruners };
}

function decodeState(location: string, { manifest, record }: VerifiedRecord): Map<string, tf.Tensor> {
  try {
    return new Map(Object.entries(tf.io.decodeWeights(record.state, [...manifest.state])));
  } catch (error) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', location, `is corrupt: its pruning state does not decode (${(error as Error).message})`, { cause: error });
  }
}

async function fileEntry(bytes: Uint8Array): Promise<{ bytes: number; sha256: string }> {
  return { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
}

function mediumError(location: string, what: string, error: unknown): CheckpointError {
  if (error instanceof CheckpointError) return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new CheckpointError('CHECKPOINT_UNREADABLE', location, `${what} (${reason})`, { cause: error });
}

function noIndexedDbHandler(location: string): CheckpointError {
  return new CheckpointError('CHECKPOINT_ARGS', location, 'tfjs has no indexeddb:// handler here: it registers one only in a browser or a worker');
}
