import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fileSystem } from '@tfjs-prune/core/node';
import { isTfjsPruneError } from '@tfjs-prune/errors';
import { afterAll, describe, expect, it } from 'vitest';

import { SparsifyError, sparsify } from '../src/index.js';
import { outputsOf, randomInput, relativeError, seedAndPrune, tf, tfl } from './support/models.js';

const L = tfl.layers;

function lenetLike(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      L.dense({ inputShape: [20], units: 12, activation: 'relu' }),
      L.batchNormalization(),
      L.dense({ units: 8, activation: 'relu' }),
      L.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  seedAndPrune(model, 21, 0.9);
  return model;
}

async function rejection(promise: Promise<unknown>): Promise<SparsifyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SparsifyError);
  expect(isTfjsPruneError(error)).toBe(true);
  return error as SparsifyError;
}

function thrown(run: () => unknown): SparsifyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SparsifyError);
    return error as SparsifyError;
  }
  throw new Error('expected a SparsifyError');
}

describe('sparsify leaves the model as it was', () => {
  it('same weights (bit for bit), same topology, same predictions after sparsify, predict and dispose', async () => {
    const model = lenetLike();
    const weightsBefore = model.getWeights().map((w) => Array.from(w.dataSync()));
    const topologyBefore = JSON.stringify(model.toJSON(null, false));
    const x = randomInput([3, 20], 1);
    const [before] = outputsOf(model.predict(x));
    const sparse = await sparsify(model);
    outputsOf(sparse.predict(x));
    sparse.dispose();
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toStrictEqual(weightsBefore);
    expect(JSON.stringify(model.toJSON(null, false))).toBe(topologyBefore);
    expect(outputsOf(model.predict(x))[0]!.values).toStrictEqual(before!.values);
    x.dispose();
    model.dispose();
  });

  it('no tensor outlives predict or dispose, on either kernel kind, also with tfjs fallbacks', async () => {
    const model = tfl.sequential({
      layers: [L.conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: 3, padding: 'same' }), L.flatten(), L.dense({ units: 5 })],
    });
    seedAndPrune(model, 3, 0.8);
    const x = randomInput([2, 4, 4, 2], 4);
    const start = tf.memory().numTensors;
    for (const kernels of ['wasm', 'js'] as const) {
      const sparse = await sparsify(model, { kernels });
      expect(tf.memory().numTensors).toBe(start);
      for (let i = 0; i < 3; i++) tf.dispose(sparse.predict(x));
      expect(tf.memory().numTensors).toBe(start);
      sparse.dispose();
    }
    expect(tf.memory().numTensors).toBe(start);
    x.dispose();
    model.dispose();
  });
});

describe('outputs belong to the caller', () => {
  it('an output kept from one predict is not changed by the next (the heap is reused per predict)', async () => {
    const model = lenetLike();
    for (const kernels of ['wasm', 'js'] as const) {
      const sparse = await sparsify(model, { kernels });
      for (const batch of [1, 4]) {
        const x1 = randomInput([batch, 20], 60 + batch);
        const x2 = randomInput([batch, 20], 70 + batch);
        const y1 = sparse.predict(x1) as tf.Tensor;
        const kept = Array.from(y1.dataSync());
        const y2 = sparse.predict(x2) as tf.Tensor;
        expect(Array.from(y1.dataSync())).toStrictEqual(kept);
        expect(Array.from(y2.dataSync())).not.toStrictEqual(kept);
        tf.dispose([x1, x2, y1, y2]);
      }
      sparse.dispose();
    }
    model.dispose();
  });
});

describe('a model saved to disk and loaded back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-sparse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sparsifies to the same predictions as the loaded model', async () => {
    const original = lenetLike();
    await original.save(fileSystem(dir));
    original.dispose();
    const loaded = await tfl.loadLayersModel(fileSystem(join(dir, 'model.json')));
    const sparse = await sparsify(loaded);
    expect(sparse.report.layers.map((l) => l.runs)).toStrictEqual(['sparse', 'own', 'sparse', 'sparse']);
    const x = randomInput([5, 20], 9);
    const [expected] = outputsOf(loaded.predict(x));
    const [actual] = outputsOf(sparse.predict(x));
    expect(relativeError(expected!.values, actual!.values)).toBeLessThanOrEqual(1e-5);
    sparse.dispose();
    x.dispose();
    loaded.dispose();
  });
});

describe('clear errors', () => {
  it('every bad option at once, with what was expected', async () => {
    const model = lenetLike();
    const error = await rejection(sparsify(model, { minSparsity: 1.5, format: 'coo' as 'csr', kernels: 'gpu' as 'js', speed: 2 } as never));
    expect(error.code).toBe('SPARSIFY_BAD_OPTION');
    expect(error.message).toBe(
      'sparsify: unknown option "speed" (expected one of minSparsity, format, kernels); ' +
        'minSparsity must be a number in [0, 1] (got 1.5); ' +
        'format must be one of "auto", "csr", "block1x4", "block4x1", "dense" (got "coo"); ' +
        'kernels must be "wasm" or "js" (got "gpu")',
    );
    expect((await rejection(sparsify(model, { minSparsity: -0.1 }))).message).toBe('sparsify: minSparsity must be a number in [0, 1] (got -0.1)');
    expect((await rejection(sparsify(model, { minSparsity: Number.NaN }))).message).toBe('sparsify: minSparsity must be a number in [0, 1] (got null)');
    model.dispose();
  });

  it('a GraphModel, or anything not a LayersModel', async () => {
    class GraphModel {
      executeAsync(): void {}
    }
    const error = await rejection(sparsify(new GraphModel() as never));
    expect(error.code).toBe('SPARSIFY_NOT_LAYERS_MODEL');
    expect(error.message).toBe(
      'sparsify: expected a tf.LayersModel (got a GraphModel): a GraphModel (tf.loadGraphModel) has no layers to pack; load the Keras-format model with tf.loadLayersModel',
    );
    expect((await rejection(sparsify(undefined as never))).message).toBe('sparsify: expected a tf.LayersModel (got undefined)');
  });

  it('predict with the wrong inputs, and after dispose', async () => {
    const model = lenetLike();
    const sparse = await sparsify(model);
    const wrong = tf.zeros([2, 21]);
    const inputName = model.inputs[0]!.name;
    const shapeError = thrown(() => sparse.predict(wrong));
    expect(shapeError.code).toBe('SPARSIFY_BAD_INPUT');
    expect(shapeError.message).toBe(`SparseModel.predict: input 0 ("${inputName}") must have shape [null,20] (got [2,21])`);
    expect(thrown(() => sparse.predict([wrong, wrong])).message).toBe('SparseModel.predict: the model takes 1 input(s) (got 2)');
    expect(thrown(() => sparse.predict('pixels' as never)).message).toBe('SparseModel.predict: input 0 must be a tf.Tensor (got "pixels")');
    sparse.dispose();
    const right = tf.zeros([2, 20]);
    const disposed = thrown(() => sparse.predict(right));
    expect(disposed.code).toBe('SPARSIFY_DISPOSED');
    expect(disposed.message).toBe('SparseModel.predict: this SparseModel was disposed');
    tf.dispose([wrong, right]);
    model.dispose();
  });

  it('inputs and outputs give the model shapes', async () => {
    const model = lenetLike();
    const sparse = await sparsify(model, { kernels: 'js' });
    expect(sparse.inputs).toStrictEqual([[null, 20]]);
    expect(sparse.outputs).toStrictEqual([[null, 3]]);
    sparse.dispose();
    model.dispose();
  });
});
