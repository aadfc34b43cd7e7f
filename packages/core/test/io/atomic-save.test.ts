import * as tfl from '@tensorflow/tfjs-layers';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileSystem } from '../../src/node.js';
import { setWeights, useTempDirs, weightValues } from './fixtures.js';

/**
 * Crashes are simulated by making one fs call fail for the code under test: the stock
 * fs module stays untouched for the test's own reads.
 */
const failures = vi.hoisted(() => ({
  renameTo: null as string | null,
  writeFile: false,
  renames: [] as Array<[from: string, to: string]>,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    if (!failures.writeFile) return handle;
    // Half the bytes land on disk, then the "process dies".
    const dying = {
      writeFile: async (data: Uint8Array) => {
        await handle.write(data.subarray(0, data.byteLength >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
    return dying as unknown as typeof handle;
  };
  const rename: typeof fs.rename = async (from, to) => {
    if (failures.renameTo !== null && path.basename(String(to)) === failures.renameTo) {
      throw Object.assign(new Error(`EIO: simulated failure renaming to ${String(to)}`), { code: 'EIO' });
    }
    failures.renames.push([path.basename(String(from)), path.basename(String(to))]);
    return fs.rename(from, to);
  };
  const patched = { ...fs, open, rename };
  return { ...patched, default: patched };
});

const tempDir = useTempDirs();
afterEach(() => {
  failures.renameTo = null;
  failures.writeFile = false;
  failures.renames = [];
});

function denseModel(value: number): tfl.Sequential {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2 })] });
  setWeights(model, () => value);
  return model;
}

/** Saves model A, attempts to overwrite it with B under `failure`, and returns what loads. */
async function overwriteFailing(failure: () => void): Promise<{ dir: string; loaded: Float32Array[] }> {
  const dir = await tempDir();
  const a = denseModel(1);
  const b = denseModel(2);
  await a.save(fileSystem(dir));
  failure();
  await expect(b.save(fileSystem(dir))).rejects.toThrow(/simulated|ENOSPC/);
  failures.renameTo = null;
  failures.writeFile = false;
  const model = await tfl.loadLayersModel(fileSystem(dir));
  const loaded = weightValues(model).map((w) => w.slice());
  expect(loaded).toEqual(weightValues(a));
  for (const m of [a, b, model]) m.dispose();
  return { dir, loaded };
}

describe('fileSystem saves atomically', () => {
  it('stages hidden temp files in the target directory and renames weights.bin first', async () => {
    const model = denseModel(1);
    await model.save(fileSystem(await tempDir()));
    expect(failures.renames.map(([, to]) => to)).toEqual(['weights.bin', 'model.json']);
    expect(failures.renames[0]?.[0]).toMatch(new RegExp(`^\\.weights\\.bin\\.tmp-${process.pid}-[0-9a-f]+$`));
    expect(failures.renames[1]?.[0]).toMatch(new RegExp(`^\\.model\\.json\\.tmp-${process.pid}-[0-9a-f]+$`));
    model.dispose();
  });

  it('a failed rename of model.json (after weights.bin was replaced) restores the old weights', async () => {
    const { dir } = await overwriteFailing(() => {
      failures.renameTo = 'model.json';
    });
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('a failed rename of weights.bin leaves the old model', async () => {
    const { dir } = await overwriteFailing(() => {
      failures.renameTo = 'weights.bin';
    });
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('a write that dies halfway leaves the old model and no temp files', async () => {
    const { dir } = await overwriteFailing(() => {
      failures.writeFile = true;
    });
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  });

  /** What a killed process leaves behind: a partial temp file, which must not affect anything. */
  it('ignores a stale partial temp file from a crashed writer', async () => {
    const dir = await tempDir();
    const a = denseModel(1);
    await a.save(fileSystem(dir));
    const stale = path.join(dir, '.weights.bin.tmp-99999-deadbeef0000');
    await writeFile(stale, new Uint8Array(7));

    const loaded = await tfl.loadLayersModel(fileSystem(dir));
    expect(weightValues(loaded)).toEqual(weightValues(a));
    const b = denseModel(2);
    await b.save(fileSystem(dir));
    const reloaded = await tfl.loadLayersModel(fileSystem(dir));
    expect(weightValues(reloaded)).toEqual(weightValues(b));
    expect((await readdir(dir)).sort()).toEqual([path.basename(stale), 'model.json', 'weights.bin']);
    for (const m of [a, b, loaded, reloaded]) m.dispose();
  });
});
