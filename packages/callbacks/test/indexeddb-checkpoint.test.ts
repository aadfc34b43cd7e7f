// First: IndexedDB and a browser-like scope must exist before tfjs-core loads.
import './support/browser-storage.js';

import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { CheckpointError, loadCheckpointFrom, PruningCallback } from '@tfjs-prune/callbacks';
import { indexedDbCheckpoints } from '@tfjs-prune/callbacks/indexeddb';
import type { PruningConfig } from '@tfjs-prune/schedules';

import type { IdbDatabase, IdbFactory, IdbObjectStore, IdbRequest } from '../src/checkpoint/indexeddb/idb.js';

// The packages compile without the DOM library: the globals fake-indexeddb installs, typed.
const { indexedDB, IDBDatabase } = globalThis as unknown as { indexedDB: IdbFactory; IDBDatabase: { prototype: IdbDatabase } };

/**
 * The browser store's logic on fake-indexeddb, through tfjs's real indexeddb:// handler. The
 * same store in real Chromium, across a page reload, is in examples/test/browser.
 */

const PREFIX = 'indexeddb://tfjs-prune-checkpoints/';
const config: PruningConfig = {
  pruners: [{ name: 'all', schedule: { type: 'polynomial-decay', finalSparsity: 0.6, startEpoch: 0, endEpoch: 3 } }],
};
let counter = 0;
const freshName = () => `run-${counter++}`;

function compiledMlp(seed = 1): tfl.Sequential {
  const model = tinyMlp(seed);
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

async function trainWithCheckpoints(name: string, epochs: number) {
  const model = compiledMlp();
  const callback = new PruningCallback(config, { checkpoint: { store: indexedDbCheckpoints(name) } });
  const { x, y } = tinyData(32);
  await model.fit(x, y, { epochs, batchSize: 8, shuffle: false, verbose: 0, callbacks: [callback] });
  tf.dispose([x, y]);
  callback.strip();
  return model;
}

async function modelsOf(name: string): Promise<string[]> {
  return Object.keys(await tf.io.listModels())
    .filter((url) => url.startsWith(`${PREFIX}${name}/`))
    .map((url) => url.slice(PREFIX.length + name.length + 1, PREFIX.length + name.length + 12))
    .sort();
}

/** Reads or replaces one record of the store's own database, as a page's other code could. */
async function onRecords<T>(mode: 'readonly' | 'readwrite', store: string, work: (s: IdbObjectStore) => IdbRequest<T> | void): Promise<T | undefined> {
  const db = await new Promise<IdbDatabase>((resolve, reject) => {
    const open = indexedDB.open('tfjs-prune-checkpoints', 1);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return new Promise((resolve, reject) => {
    const tx = db.transaction([store], mode);
    const request = work(tx.objectStore(store));
    tx.oncomplete = () => {
      db.close();
      resolve(request?.result);
    };
    tx.onerror = () => reject(tx.error);
  });
}

const masksOf = (c: PruningCallback) => c.maskStore!.targets.map((t) => Array.from(c.maskStore!.keepMask(t) ?? []));

describe('indexedDbCheckpoints', () => {
  const owned: tfl.LayersModel[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const model of owned.splice(0)) {
      model.optimizer?.dispose();
      model.dispose();
    }
  });

  it('writes a checkpoint per epoch and keeps the newest two, models included', async () => {
    const name = freshName();
    owned.push(await trainWithCheckpoints(name, 4));
    expect(await modelsOf(name)).toEqual(['ckpt-000002', 'ckpt-000003']);
    const latest = await indexedDbCheckpoints(name).latest();
    expect(latest?.epoch).toBe(3);
    expect(latest?.location).toMatch(new RegExp(`^${PREFIX}${name}/ckpt-000003-[0-9a-f]{8}$`));
    const records = ((await onRecords('readonly', 'checkpoints', (s) => s.getAll())) as Array<{ key: string }>).map((r) => r.key);
    expect(records.filter((k) => k.startsWith(`${name}/`)).map((k) => k.slice(name.length + 1, name.length + 12))).toEqual(['ckpt-000002', 'ckpt-000003']);
  });

  it('resumes where training stopped: masks exact, weights and tensor count as straight through', async () => {
    const reference = await trainWithCheckpoints(freshName(), 5);
    owned.push(reference);

    const name = freshName();
    owned.push(await trainWithCheckpoints(name, 2));
    const tensorsBefore = tf.memory().numTensors;
    const { model, callback, initialEpoch } = await loadCheckpointFrom(indexedDbCheckpoints(name));
    expect(initialEpoch).toBe(2);
    const { x, y } = tinyData(32);
    await model.fit(x, y, { epochs: 5, initialEpoch, batchSize: 8, shuffle: false, verbose: 0, callbacks: [callback] });
    tf.dispose([x, y]);
    expect((await indexedDbCheckpoints(name).latest())?.epoch).toBe(4);
    reference.weights.forEach((w, i) => {
      const want = Array.from(w.read().dataSync());
      const got = Array.from(model.weights[i]!.read().dataSync());
      expect(got.map((v) => v === 0)).toEqual(want.map((v) => v === 0));
      got.forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 5));
    });
    expect(callback.report().pruners[0]!.targets.map((t) => t.pruned)).toEqual([14, 18, 9]);
    callback.strip();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('a write that fails before latest moves leaves the previous checkpoint readable, and its model is removed', async () => {
    const name = freshName();
    owned.push(await trainWithCheckpoints(name, 2));
    const before = await indexedDbCheckpoints(name).latest();

    const model = compiledMlp(3);
    owned.push(model);
    const callback = new PruningCallback(config, { checkpoint: { store: indexedDbCheckpoints(name) } });
    // The model is saved by then; the transaction that adds the record and moves latest fails.
    const transaction = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IdbDatabase, stores, mode) {
      if (mode === 'readwrite' && [...stores].includes('latest')) throw new DOMException('the origin is out of space', 'QuotaExceededError');
      return transaction.call(this, stores, mode);
    });
    const { x, y } = tinyData(32);
    const fit = model.fit(x, y, { epochs: 3, initialEpoch: 2, batchSize: 8, shuffle: false, verbose: 0, callbacks: [callback] });
    await expect(fit).rejects.toThrow(`${PREFIX}${name}: cannot be written (QuotaExceededError: the origin is out of space)`);
    await expect(fit).rejects.toThrow(expect.objectContaining({ code: 'CHECKPOINT_UNREADABLE' }));
    vi.restoreAllMocks();
    tf.dispose([x, y]);
    callback.strip();

    expect(await indexedDbCheckpoints(name).latest()).toEqual(before);
    expect(await modelsOf(name)).toEqual(['ckpt-000000', 'ckpt-000001']);
    const loaded = await loadCheckpointFrom(indexedDbCheckpoints(name));
    owned.push(loaded.model);
    expect(loaded.initialEpoch).toBe(2);
    loaded.callback.strip();
  });

  describe('refuse what they cannot trust, with the directory store codes', () => {
    async function checkpointed() {
      const name = freshName();
      owned.push(await trainWithCheckpoints(name, 2));
      const latest = (await indexedDbCheckpoints(name).latest())!;
      return { name, store: indexedDbCheckpoints(name), url: latest.location, key: latest.location.slice(PREFIX.length) };
    }

    it('weights overwritten in tfjs’s own database', async () => {
      const { store, url } = await checkpointed();
      const model = await tfl.loadLayersModel(url);
      const weights = model.getWeights();
      const bumped = tf.add(weights[0]!, 1);
      model.setWeights([bumped, ...weights.slice(1)]);
      await model.save(url, { includeOptimizer: true });
      tf.dispose(bumped);
      model.optimizer.dispose();
      model.dispose();
      await expect(loadCheckpointFrom(store)).rejects.toThrow(`${url} (weights.bin): is corrupt: its sha256 does not match the manifest`);
      await expect(store.latest()).rejects.toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT' }));
    });

    it('truncated pruning state', async () => {
      const { store, url, key } = await checkpointed();
      const record = (await onRecords('readonly', 'checkpoints', (s) => s.get(key))) as { state: ArrayBuffer };
      const length = record.state.byteLength;
      await onRecords('readwrite', 'checkpoints', (s) => void s.put({ ...record, state: record.state.slice(0, 7) }));
      await expect(loadCheckpointFrom(store)).rejects.toThrow(`${url} (pruning-state.bin): is truncated or overwritten: 7 bytes, the manifest says ${length}`);
    });

    it('a model deleted from under the checkpoint', async () => {
      const { store, url } = await checkpointed();
      await tf.io.removeModel(url);
      await expect(loadCheckpointFrom(store)).rejects.toThrow(`${url}: is corrupt: its model is missing from IndexedDB`);
    });

    it('a latest record that points to another store', async () => {
      const { name, store } = await checkpointed();
      await onRecords('readwrite', 'latest', (s) => void s.put({ store: name, checkpoint: 'other/ckpt-000001-00000000', epoch: 1 }));
      await expect(store.latest()).rejects.toThrow(
        `${PREFIX}${name} (latest): is corrupt: "checkpoint" must name a ${name}/ckpt-NNNNNN-xxxxxxxx record (got "other/ckpt-000001-00000000")`,
      );
    });

    it('another config, another model, and a callback of another config writing into the store', async () => {
      const { name, store } = await checkpointed();
      const other: PruningConfig = { pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] };
      await expect(loadCheckpointFrom(store, { config: other })).rejects.toThrow(
        `${PREFIX}${name}: was written with a different pruning config; resume with the config it was written with, or start over in another directory`,
      );
      const otherModel = tfl.sequential({ layers: [tfl.layers.dense({ units: 7, inputShape: [4], name: 'hidden1' })] });
      await expect(loadCheckpointFrom(store, { expectModel: otherModel })).rejects.toThrow(
        expect.objectContaining({ code: 'CHECKPOINT_FOREIGN', message: `${PREFIX}${name}: holds a checkpoint of another model: layer 0 is Dense(4x7,7) here but Dense(4x6,6) in the checkpoint` }),
      );
      otherModel.dispose();

      const model = compiledMlp();
      owned.push(model);
      const callback = new PruningCallback(other, { checkpoint: { store: indexedDbCheckpoints(name) } });
      const { x, y } = tinyData(16);
      await expect(model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [callback] })).rejects.toThrow(
        `${PREFIX}${name}: holds checkpoints of another pruning config; resume them with loadCheckpoint(), or checkpoint into another directory`,
      );
      tf.dispose([x, y]);
      callback.strip();
    });

    it('an empty store is "not found", and clear() empties one', async () => {
      const empty = indexedDbCheckpoints(freshName());
      expect(await empty.latest()).toBeNull();
      await expect(loadCheckpointFrom(empty)).rejects.toThrow(
        expect.objectContaining({ name: 'CheckpointError', code: 'CHECKPOINT_NOT_FOUND', message: `${empty.location}: holds no checkpoint (no latest record)` }),
      );
      const { name, store } = await checkpointed();
      await store.clear();
      expect(await store.latest()).toBeNull();
      expect(await modelsOf(name)).toEqual([]);
    });

    it('names that are not one plain segment, and keep < 1', () => {
      expect(() => indexedDbCheckpoints('a/b')).toThrow(new CheckpointError('CHECKPOINT_ARGS', 'checkpoint', 'the IndexedDB store name must be letters, digits, "_", "-" or "." (got "a/b")'));
      expect(() => indexedDbCheckpoints('')).toThrow(/^checkpoint: the IndexedDB store name must be/);
      expect(() => indexedDbCheckpoints('ok', { keep: 0 })).toThrow(`${PREFIX}ok: keep must be an integer ≥ 1 (got 0)`);
    });
  });
});
