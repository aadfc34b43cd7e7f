import * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, readdir, readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../../src/io/index.js';
import { fileSystem } from '../../src/node.js';
import { useTempDirs } from './fixtures.js';

const tempDir = useTempDirs();

/** A one-Dense model (4 inputs, 25 units: 100 + 25 params, 500 bytes) saved into a new dir. */
async function savedModel(): Promise<{ dir: string; json: string; bin: string }> {
  const dir = await tempDir();
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 25 })] });
  await model.save(fileSystem(dir));
  model.dispose();
  return { dir, json: path.join(dir, 'model.json'), bin: path.join(dir, 'weights.bin') };
}

async function editJson(json: string, edit: (model: Record<string, any>) => void): Promise<void> {
  const model = JSON.parse(await readFile(json, 'utf8'));
  edit(model);
  await writeFile(json, JSON.stringify(model));
}

async function loadError(from: string): Promise<ModelFileError> {
  const error = await tfl.loadLayersModel(fileSystem(from)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  return error as ModelFileError;
}

describe('fileSystem load errors name the file and the problem', () => {
  it('missing model.json', async () => {
    const dir = await tempDir();
    const error = await loadError(dir);
    expect(error.path).toBe(path.join(dir, 'model.json'));
    expect(error.message).toBe(
      `${path.join(dir, 'model.json')}: file not found; ` +
        'expected a model.json written by model.save() or exportModel()',
    );
  });

  it('invalid JSON, with line and column', async () => {
    const { dir, json } = await savedModel();
    await writeFile(json, '{\n  "format": "layers-model",\n}\n');
    expect((await loadError(dir)).message).toBe(
      `${json}:3:1: invalid JSON: Expected double-quoted property name`,
    );
  });

  it('truncated JSON points at the end of the file', async () => {
    const { dir, json } = await savedModel();
    await writeFile(json, '{\n  "format": ');
    expect((await loadError(dir)).message).toBe(`${json}:2:13: invalid JSON: Unexpected end of JSON input`);
  });

  it('a graph model is not a layers model', async () => {
    const { dir, json } = await savedModel();
    await editJson(json, (m) => {
      m['format'] = 'graph-model';
    });
    expect((await loadError(dir)).message).toBe(
      `${json}: format is "graph-model", expected 'layers-model' ` +
        '(graph models load with tf.loadGraphModel from @tensorflow/tfjs-converter)',
    );
  });

  it('missing weights file', async () => {
    const { dir, json, bin } = await savedModel();
    await unlink(bin);
    const error = await loadError(dir);
    expect(error.path).toBe(bin);
    expect(error.message).toBe(`${bin}: weights file not found (listed in ${json})`);
  });

  it('weights file shorter than the manifest says', async () => {
    const { dir, bin } = await savedModel();
    await truncate(bin, 100);
    expect((await loadError(dir)).message).toBe(
      `${bin}: weights.bin has 100 bytes, the manifest needs 500`,
    );
  });

  it('shards that together are too short name every shard', async () => {
    const { dir, json, bin } = await savedModel();
    const data = await readFile(bin);
    await writeFile(path.join(dir, 'a.bin'), data.subarray(0, 200));
    await writeFile(path.join(dir, 'b.bin'), data.subarray(200, 496));
    await editJson(json, (m) => {
      m['weightsManifest'][0].paths = ['a.bin', 'b.bin'];
    });
    expect((await loadError(dir)).message).toBe(
      `${dir}: a.bin + b.bin have 496 bytes, the manifest needs 500`,
    );
  });

  it.each([
    ['../outside.bin', '../outside.bin'],
    ['sub/../../outside.bin', 'sub/../../outside.bin'],
    ['absolute', '/etc/passwd'],
    ['the directory itself', '.'],
  ])('refuses a weights path that escapes the model directory: %s', async (_, escape) => {
    const { dir, json } = await savedModel();
    await editJson(json, (m) => {
      m['weightsManifest'][0].paths = [escape];
    });
    expect((await loadError(dir)).message).toBe(
      `${json}: weightsManifest[0].paths[0] '${escape}' points outside ${dir}; ` +
        'weight paths must be relative file names inside the model directory',
    );
  });

  it('allows weights in a subdirectory of the model directory', async () => {
    const { dir, json, bin } = await savedModel();
    await mkdir(path.join(dir, 'shards'));
    await writeFile(path.join(dir, 'shards', 'w.bin'), await readFile(bin));
    await editJson(json, (m) => {
      m['weightsManifest'][0].paths = ['./shards/w.bin'];
    });
    const model = await tfl.loadLayersModel(fileSystem(dir));
    model.dispose();
  });

  it('refuses to save into a path that names a .json file', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [1], units: 1 })] });
    const target = path.join(await tempDir(), 'model.json');
    await expect(model.save(fileSystem(target))).rejects.toThrow(
      `${target}: fileSystem() saves into a directory (it writes model.json and weights.bin there); ` +
        `pass '${path.dirname(target)}' instead`,
    );
    model.dispose();
  });
});

describe('fileSystem save errors name the directory and the problem', () => {
  it('a graph model (binary topology) is refused before anything is written', async () => {
    const dir = await tempDir();
    const error = await Promise.resolve(fileSystem(dir).save?.({ modelTopology: new ArrayBuffer(4) })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error).toMatchObject({
      code: 'MODEL_FILE',
      path: dir,
      message: `${dir}: fileSystem() saves layers models only: modelTopology must be a JSON object (got an ArrayBuffer)`,
    });
    expect(await readdir(dir).catch(() => [])).toStrictEqual([]);
  });
});
