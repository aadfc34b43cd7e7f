import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSystem } from '../../src/node.js';
import { seededRandom, setWeights, smallConvModel, useTempDirs, weightValues } from './fixtures.js';

const tempDir = useTempDirs();

describe('fileSystem', () => {
  it('round-trips a Conv2D + Dense model: same weights, same predictions', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    const input = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 7);
    const before = model.predict(input) as tf.Tensor;

    const result = await model.save(fileSystem(dir));
    const loaded = await tfl.loadLayersModel(fileSystem(dir));
    const after = loaded.predict(input) as tf.Tensor;

    expect(weightValues(loaded)).toEqual(weightValues(model));
    expect(after.dataSync()).toEqual(before.dataSync());
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(
      model.countParams() * Float32Array.BYTES_PER_ELEMENT,
    );
    tf.dispose([input, before, after]);
    model.dispose();
    loaded.dispose();
  });

  it('writes exactly model.json and weights.bin, creating nested directories', async () => {
    const dir = path.join(await tempDir(), 'a', 'b');
    const model = smallConvModel();
    await model.save(fileSystem(dir));
    await model.save(fileSystem(dir)); // overwriting must not leave temp or backup files either
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    model.dispose();
  });

  it('writes the standard model.json keys that browsers and tfjs-node read', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    model.setUserDefinedMetadata({ pruned: { sparsity: 0.5 } });
    await model.save(fileSystem(dir));

    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(Object.keys(json)).toEqual([
      'modelTopology', 'format', 'generatedBy', 'convertedBy', 'weightsManifest', 'userDefinedMetadata',
    ]);
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers v4\./);
    expect(json.convertedBy).toBeNull();
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(
      model.weights.map((w) => w.originalName),
    );
    expect(json.userDefinedMetadata).toEqual({ pruned: { sparsity: 0.5 } });
    model.dispose();
  });

  it('loads from the path of a model.json as well as from its directory', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    await model.save(fileSystem(dir));
    const loaded = await tfl.loadLayersModel(fileSystem(path.join(dir, 'model.json')));
    expect(weightValues(loaded)).toEqual(weightValues(model));
    model.dispose();
    loaded.dispose();
  });

  it('keeps the training config when the optimizer is saved', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await model.save(fileSystem(dir), { includeOptimizer: true });
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(json.trainingConfig.loss).toBe('mean_squared_error');
    const loaded = await tfl.loadLayersModel(fileSystem(dir));
    expect(loaded.optimizer).toBeDefined();
    model.dispose();
    loaded.dispose();
  });

  /** tfjs-converter splits weights into several shard files and groups; loading must join them. */
  it('loads a manifest whose weights are split across groups and shard files', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    const random = seededRandom(1);
    setWeights(model, () => random() - 0.5);
    await model.save(fileSystem(dir));

    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    const bin = await readFile(path.join(dir, 'weights.bin'));
    const specs = json.weightsManifest[0].weights;
    const firstGroupBytes = 3 * 3 * 2 * 3 * 4 + 3 * 4; // conv kernel + bias
    const cut = 100; // mid-weight: shards are plain byte ranges
    await writeFile(path.join(dir, 'group1-shard1of2.bin'), bin.subarray(0, cut));
    await writeFile(path.join(dir, 'group1-shard2of2.bin'), bin.subarray(cut, firstGroupBytes));
    await writeFile(path.join(dir, 'group2-shard1of1.bin'), bin.subarray(firstGroupBytes));
    json.weightsManifest = [
      { paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: specs.slice(0, 2) },
      { paths: ['group2-shard1of1.bin'], weights: specs.slice(2) },
    ];
    await writeFile(path.join(dir, 'sharded.json'), JSON.stringify(json));

    const loaded = await tfl.loadLayersModel(fileSystem(path.join(dir, 'sharded.json')));
    expect(weightValues(loaded)).toEqual(weightValues(model));
    model.dispose();
    loaded.dispose();
  });

  /** tfjs 4.22's WeightData may be several buffers (large models); they are joined in order. */
  it('saves weightData given as an array of buffers', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    let artifacts: tf.io.ModelArtifacts = {};
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
    const whole = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const parts = [whole.slice(0, 10), whole.slice(10, 333), whole.slice(333)];
    const result = await fileSystem(dir).save?.({ ...artifacts, weightData: parts });

    expect(result?.modelArtifactsInfo.weightDataBytes).toBe(whole.byteLength);
    expect(new Uint8Array(await readFile(path.join(dir, 'weights.bin')))).toEqual(new Uint8Array(whole));
    const loaded = await tfl.loadLayersModel(fileSystem(dir));
    expect(weightValues(loaded)).toEqual(weightValues(model));
    model.dispose();
    loaded.dispose();
  });

  it('leaks no tensors across save and load', async () => {
    const dir = await tempDir();
    const model = smallConvModel();
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await model.save(fileSystem(dir));
      const loaded = await tfl.loadLayersModel(fileSystem(dir));
      loaded.dispose();
    }
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});
