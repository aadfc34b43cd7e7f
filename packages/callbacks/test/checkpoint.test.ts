import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { CheckpointError, PruningCallback } from '@tfjs-prune/callbacks';
import { checkpointDirectory, loadCheckpoint } from '@tfjs-prune/callbacks/node';
import type { PrunerConfig, PruningConfig } from '@tfjs-prune/schedules';

const work = mkdtempSync(join(tmpdir(), 'tfjs-prune-ckpt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(work, `run-${counter++}`);

const config: PruningConfig = {
  pruners: [{ name: 'all', schedule: { type: 'polynomial-decay', finalSparsity: 0.6, startEpoch: 0, endEpoch: 3 } }],
};

function compiledMlp(seed = 1): tfl.Sequential {
  const model = tinyMlp(seed);
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

async function trainWithCheckpoints(dir: string, epochs: number, everyEpochs = 1) {
  const model = compiledMlp();
  const callback = new PruningCallback(config, { checkpoint: { store: checkpointDirectory(dir), everyEpochs } });
  const { x, y } = tinyData(32);
  await model.fit(x, y, { epochs, batchSize: 8, shuffle: false, verbose: 0, callbacks: [callback] });
  tf.dispose([x, y]);
  return { model, callback };
}

describe('checkpoints', () => {
  const owned: tfl.LayersModel[] = [];
  afterEach(() => {
    for (const model of owned.splice(0)) {
      model.optimizer?.dispose();
      model.dispose();
    }
  });

  it('are written every N epochs, keeping the newest two', async () => {
    const dir = freshDir();
    const { model, callback } = await trainWithCheckpoints(dir, 5, 2);
    owned.push(model);
    callback.strip();
    const entries = readdirSync(dir).sort();
    expect(entries.filter((e) => e.startsWith('ckpt-')).map((e) => e.slice(0, 11))).toEqual(['ckpt-000001', 'ckpt-000003']);
    expect(entries).toContain('latest.json');
    expect(entries.filter((e) => e.startsWith('.'))).toEqual([]);
    expect((await checkpointDirectory(dir).latest())?.epoch).toBe(3);
  });

  it('restore model, optimizer state, masks and schedule position exactly', async () => {
    const dir = freshDir();
    const { model, callback } = await trainWithCheckpoints(dir, 4);
    owned.push(model);
    const loaded = await loadCheckpoint(dir);
    owned.push(loaded.model);
    expect(loaded.initialEpoch).toBe(4);
    const values = (m: tfl.LayersModel) => m.weights.map((w) => Array.from(w.read().dataSync()));
    expect(values(loaded.model)).toEqual(values(model));
    const optimizerState = async (m: tfl.LayersModel) =>
      (await m.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
    expect(await optimizerState(loaded.model)).toEqual(await optimizerState(model));
    const masks = (c: PruningCallback) => c.maskStore!.targets.map((t) => Array.from(c.maskStore!.keepMask(t) ?? []));
    expect(masks(loaded.callback)).toEqual(masks(callback));
    expect(loaded.callback.report().pruners.map((p) => p.targetSparsity)).toEqual([0.6]);
    callback.strip();
    loaded.callback.strip();
  });

  it('resume where they left off: continuing from a checkpoint matches training straight through', async () => {
    const straight = freshDir();
    const { model: reference, callback: referenceCallback } = await trainWithCheckpoints(straight, 5);
    owned.push(reference);
    referenceCallback.strip();

    const split = freshDir();
    const { model: first, callback: firstCallback } = await trainWithCheckpoints(split, 2);
    owned.push(first);
    firstCallback.strip();
    const { model, callback, initialEpoch } = await loadCheckpoint(split);
    owned.push(model);
    const { x, y } = tinyData(32);
    await model.fit(x, y, { epochs: 5, initialEpoch, batchSize: 8, shuffle: false, verbose: 0, callbacks: [callback] });
    tf.dispose([x, y]);
    callback.strip();
    reference.weights.forEach((w, i) => {
      const want = Array.from(w.read().dataSync());
      const got = Array.from(model.weights[i]!.read().dataSync());
      expect(got.map((v) => v === 0)).toEqual(want.map((v) => v === 0));
      got.forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 5));
    });
  });

  it('resume a config whose schedule is an object when given that config again', async () => {
    const custom: PruningConfig = {
      pruners: [
        {
          name: 'all',
          schedule: {
            sparsityAt: (epoch: number) => (epoch >= 1 ? 0.6 : 0),
            updatesAt: (epoch: number) => epoch === 1,
            toJSON: () => ({ type: 'step-at-one' }),
          } as unknown as PrunerConfig['schedule'],
        },
      ],
    };
    const dir = freshDir();
    const model = compiledMlp();
    owned.push(model);
    const first = new PruningCallback(custom, { checkpoint: { store: checkpointDirectory(dir) } });
    const { x, y } = tinyData(32);
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0, callbacks: [first] });
    const masks = (c: PruningCallback) => c.maskStore!.targets.map((t) => Array.from(c.maskStore!.keepMask(t) ?? []));
    const before = masks(first);
    first.strip();
    // JSON cannot hold the functions: without the config the stored one is refused by validation.
    await expect(loadCheckpoint(dir)).rejects.toThrow(/^config: \/pruners\/0\/schedule/);
    const loaded = await loadCheckpoint(dir, { config: custom });
    owned.push(loaded.model);
    expect(loaded.initialEpoch).toBe(2);
    expect(masks(loaded.callback)).toEqual(before);
    await loaded.model.fit(x, y, { epochs: 3, initialEpoch: 2, batchSize: 8, shuffle: false, verbose: 0, callbacks: [loaded.callback] });
    expect(loaded.callback.report().pruners[0]!.targets.map((t) => t.pruned)).toEqual([14, 18, 9]);
    loaded.callback.strip();
    tf.dispose([x, y]);
  });

  describe('refuse what they cannot trust, saying why', () => {
    async function checkpointed() {
      const dir = freshDir();
      const { model, callback } = await trainWithCheckpoints(dir, 2);
      callback.strip();
      owned.push(model);
      const latest = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as { checkpoint: string };
      return { dir, sub: join(dir, latest.checkpoint) };
    }

    it('a corrupt weights file', async () => {
      const { dir, sub } = await checkpointed();
      const bytes = readFileSync(join(sub, 'weights.bin'));
      bytes[10] = bytes[10]! ^ 0xff;
      writeFileSync(join(sub, 'weights.bin'), bytes);
      await expect(loadCheckpoint(dir)).rejects.toThrow(`${join(sub, 'weights.bin')}: is corrupt: its sha256 does not match the manifest`);
      await expect(loadCheckpoint(dir)).rejects.toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT' }));
    });

    it('a truncated state file', async () => {
      const { dir, sub } = await checkpointed();
      const bytes = readFileSync(join(sub, 'pruning-state.bin'));
      expect(bytes.length).toBeGreaterThan(7);
      writeFileSync(join(sub, 'pruning-state.bin'), bytes.subarray(0, 7));
      await expect(loadCheckpoint(dir)).rejects.toThrow(
        `${join(sub, 'pruning-state.bin')}: is truncated or overwritten: 7 bytes, the manifest says ${bytes.length}`,
      );
    });

    it('a checkpoint of format version 1, whose state could mix up two pruners\' masks', async () => {
      const { dir, sub } = await checkpointed();
      const manifest = join(sub, 'checkpoint.json');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"version":2', '"version":1'));
      await expect(loadCheckpoint(dir)).rejects.toThrow(
        `${manifest}: has format version 1; this library reads version 2 (older checkpoints could restore one pruner with the mask of another; start the run again)`,
      );
    });

    it('a checkpoint written with another config', async () => {
      const { dir } = await checkpointed();
      const other: PruningConfig = { pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] };
      await expect(loadCheckpoint(dir, { config: other })).rejects.toThrow(
        `${dir}: was written with a different pruning config; resume with the config it was written with, or start over in another directory`,
      );
    });

    it('a checkpoint of another model', async () => {
      const { dir } = await checkpointed();
      const other = tfl.sequential({ layers: [tfl.layers.dense({ units: 7, inputShape: [4], name: 'hidden1' })] });
      await expect(loadCheckpoint(dir, { expectModel: other })).rejects.toThrow(
        `${dir}: holds a checkpoint of another model: layer 0 is Dense(4x7,7) here but Dense(4x6,6) in the checkpoint`,
      );
      other.dispose();
    });

    it('an empty directory, and a pointer that tries to leave the directory', async () => {
      const dir = freshDir();
      await expect(loadCheckpoint(dir)).rejects.toThrow(`${dir}: holds no checkpoint (latest.json not found)`);
      // Programs tell "nothing to resume" from failures by code, never by the message's words.
      await expect(loadCheckpoint(dir)).rejects.toThrow(expect.objectContaining({ name: 'CheckpointError', code: 'CHECKPOINT_NOT_FOUND' }));
      expect(await checkpointDirectory(dir).latest()).toBeNull();
      const { dir: pointed } = await checkpointed();
      writeFileSync(join(pointed, 'latest.json'), JSON.stringify({ checkpoint: '../../etc' }));
      await expect(loadCheckpoint(pointed)).rejects.toThrow(
        `${join(pointed, 'latest.json')}: is corrupt: "checkpoint" must name a ckpt-NNNNNN-xxxxxxxx directory (got "../../etc")`,
      );
    });

    it('a manifest that tries to pollute prototypes is data, not code', async () => {
      const { dir, sub } = await checkpointed();
      const manifest = readFileSync(join(sub, 'checkpoint.json'), 'utf8');
      writeFileSync(join(sub, 'checkpoint.json'), manifest.replace('{', '{"__proto__":{"polluted":true},'));
      await loadCheckpoint(dir).then(
        (loaded) => {
          owned.push(loaded.model);
          loaded.callback.strip();
        },
        (error: unknown) => expect(error).toBeInstanceOf(CheckpointError),
      );
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });
  });
});
