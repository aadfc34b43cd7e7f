import { describe, expect, it } from 'vitest';

import { sparsify } from '../src/index.js';
import { outputsOf, randomInput, relativeError, seedAndPrune, tf, tfl } from './support/models.js';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

/** Compares every output of both models on the same inputs, for each kernel kind and two batches. */
async function expectSamePredictions(model: tfl.LayersModel, inputShapes: number[][], expectOwnRuntime: boolean): Promise<void> {
  for (const kernels of ['wasm', 'js'] as const) {
    for (const batch of [1, 6]) {
      const xs = inputShapes.map((s, i) => randomInput([batch, ...s], 100 + i + batch));
      const feed = xs.length === 1 ? xs[0]! : xs;
      const before = tf.memory().numTensors;
      const sparse = await sparsify(model, { kernels, minSparsity: 0.5 });
      expect(sparse.report.ownRuntime).toBe(expectOwnRuntime);
      const expected = outputsOf(model.predict(feed));
      const result = sparse.predict(feed);
      expect(Array.isArray(result)).toBe(model.outputs.length > 1);
      const actual = outputsOf(result);
      sparse.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(actual.map((a) => a.shape)).toStrictEqual(expected.map((e) => e.shape));
      expected.forEach((e, i) => expect(relativeError(e.values, actual[i]!.values)).toBeLessThanOrEqual(1e-5));
      tf.dispose(xs);
    }
  }
}

describe('functional graphs', () => {
  it('two inputs, two outputs, a shared Dense, a concatenation (tfjs) between our layers', async () => {
    const a = tfl.input({ shape: [6], name: 'a' });
    const b = tfl.input({ shape: [6], name: 'b' });
    const shared = L.dense({ units: 8, activation: 'relu', name: 'shared' });
    const ha = apply(shared, a);
    const hb = apply(shared, b);
    const joined = apply(L.concatenate({ name: 'join' }), [ha, hb]);
    const out1 = apply(L.dense({ units: 3, activation: 'softmax', name: 'head1' }), joined);
    const out2 = apply(L.dense({ units: 2, name: 'head2' }), apply(L.batchNormalization({ name: 'bn' }), hb));
    const model = tfl.model({ inputs: [a, b], outputs: [out1, out2] });
    seedAndPrune(model, 3, 0.8);
    await expectSamePredictions(model, [[6], [6]], false);
    const sparse = await sparsify(model, { minSparsity: 0 });
    const runs = Object.fromEntries(sparse.report.layers.map((l) => [l.name, l.runs]));
    expect(runs).toStrictEqual({ shared: 'sparse', join: 'tfjs', head1: 'sparse', bn: 'own', head2: 'sparse' });
    sparse.dispose();
    model.dispose();
  });

  it('an Add of two Dense branches; an output that is also an inner tensor', async () => {
    const x = tfl.input({ shape: [5] });
    const h = apply(L.dense({ units: 7, activation: 'tanh' }), x);
    const sum = apply(L.add(), [apply(L.dense({ units: 4 }), h), apply(L.dense({ units: 4, activation: 'elu' }), h)]);
    const model = tfl.model({ inputs: x, outputs: [sum, h] });
    seedAndPrune(model, 4, 0.9);
    await expectSamePredictions(model, [[5]], false);
    model.dispose();
  });

  it('1x1 convolutions run on our kernels between 3x3 and depthwise ones (tfjs), then pooling and a Dense', async () => {
    const x = tfl.input({ shape: [5, 5, 3] });
    let h = apply(L.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c3x3' }), x);
    h = apply(L.conv2d({ filters: 12, kernelSize: 1, activation: 'relu6', name: 'expand' }), h);
    h = apply(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw' }), h);
    h = apply(L.batchNormalization({ name: 'bn' }), h);
    h = apply(L.conv2d({ filters: 6, kernelSize: 1, name: 'project' }), h);
    h = apply(L.conv2d({ filters: 4, kernelSize: 1, strides: 2, name: 'strided' }), h);
    h = apply(L.globalAveragePooling2d({ name: 'pool' }), h);
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 3, name: 'fc' }), h) });
    seedAndPrune(model, 5, 0.9);
    await expectSamePredictions(model, [[5, 5, 3]], false);
    const sparse = await sparsify(model);
    expect(sparse.report.layers.map((l) => [l.name, l.runs, l.reason ?? ''])).toStrictEqual([
      ['c3x3', 'tfjs', 'kernel [3,3] is not 1x1'],
      ['expand', 'sparse', ''],
      ['dw', 'tfjs', 'no kernel for DepthwiseConv2D'],
      ['bn', 'own', ''],
      ['project', 'sparse', ''],
      ['strided', 'tfjs', 'strides [2,2] are not 1'],
      ['pool', 'tfjs', 'no kernel for GlobalAveragePooling2D'],
      ['fc', 'sparse', ''],
    ]);
    sparse.dispose();
    model.dispose();
  });

  it('Flatten of a convolution output, and an all-1x1 model that runs wholly in our runtime', async () => {
    const x = tfl.input({ shape: [3, 4, 5] });
    const h = apply(L.conv2d({ filters: 6, kernelSize: 1, activation: 'sigmoid' }), x);
    const y = apply(L.dense({ units: 3 }), apply(L.flatten(), apply(L.conv2d({ filters: 2, kernelSize: [1, 1] }), h)));
    const model = tfl.model({ inputs: x, outputs: y });
    seedAndPrune(model, 6, 0.7);
    await expectSamePredictions(model, [[3, 4, 5]], true);
    model.dispose();
  });

  it('Dense on a rank-3 input multiplies the last axis', async () => {
    const model = tfl.sequential({ layers: [L.dense({ inputShape: [4, 6], units: 5, activation: 'relu' }), L.activation({ activation: 'softmax' })] });
    seedAndPrune(model, 7, 0.75);
    await expectSamePredictions(model, [[4, 6]], true);
    model.dispose();
  });

  it("a Softmax layer over axis 1 (tfjs's default) of a rank-3 tensor is left to tfjs (which refuses it too)", async () => {
    const model = tfl.sequential({ layers: [L.dense({ inputShape: [4, 6], units: 5 }), L.softmax()] });
    const sparse = await sparsify(model);
    expect(sparse.report.layers[1]).toStrictEqual({ name: model.layers[1]!.name, className: 'Softmax', runs: 'tfjs', reason: 'axis 1 is not the last' });
    sparse.dispose();
    model.dispose();
  });

  it('an LSTM falls back to tfjs with the reason in the report; a nested model runs in place', async () => {
    const inner = tfl.sequential({ layers: [L.dense({ inputShape: [5], units: 4, activation: 'relu', name: 'hidden' })], name: 'inner' });
    const x = tfl.input({ shape: [3, 2] });
    const h = apply(L.lstm({ units: 5, name: 'lstm', recurrentInitializer: 'glorotUniform' }), x);
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 2, name: 'out' }), apply(inner, h)) });
    seedAndPrune(model, 8, 0.9);
    await expectSamePredictions(model, [[3, 2]], false);
    const sparse = await sparsify(model, { minSparsity: 0 });
    expect(sparse.report.layers.map((l) => [l.name, l.runs === 'tfjs', l.reason ?? ''])).toStrictEqual([
      ['lstm', true, 'no kernel for LSTM'],
      ['inner/hidden', false, ''],
      ['out', false, ''],
    ]);
    sparse.dispose();
    model.dispose();
  });

  it('a nested model called twice, inside another nested model, runs wholly in our runtime', async () => {
    const block = tfl.sequential({
      layers: [L.dense({ inputShape: [6], units: 6, name: 'd1' }), L.batchNormalization({ name: 'bn' }), L.reLU({ name: 'act' })],
      name: 'block',
    });
    const a = tfl.input({ shape: [6] });
    const twice = tfl.model({ inputs: a, outputs: apply(block, apply(block, a)), name: 'twice' });
    const x = tfl.input({ shape: [6] });
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 3, name: 'head' }), apply(twice, x)) });
    seedAndPrune(model, 9, 0.75);
    await expectSamePredictions(model, [[6]], true);
    const sparse = await sparsify(model, { minSparsity: 0 });
    expect(sparse.report.layers.map((l) => [l.name, l.runs, l.foldedInto ?? ''])).toStrictEqual([
      ['twice/block/d1', 'sparse', ''],
      ['twice/block/bn', 'own', 'd1'],
      ['twice/block/act', 'own', 'd1'],
      ['head', 'sparse', ''],
    ]);
    sparse.dispose();
    model.dispose();
  });

  it('a model that carries masks (Embedding with maskZero) runs as model.predict, and says so', async () => {
    const model = tfl.sequential({
      layers: [
        L.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputLength: 4, name: 'embed' }),
        L.lstm({ units: 2, recurrentInitializer: 'glorotUniform', name: 'lstm' }),
        L.dense({ units: 2, name: 'out' }),
      ],
    });
    seedAndPrune(model, 10, 0.5);
    const x = tf.tensor2d([[1, 2, 0, 0], [3, 0, 0, 0]], [2, 4], 'int32');
    const sparse = await sparsify(model);
    expect(sparse.report.ownRuntime).toBe(false);
    expect(sparse.report.layers.map((l) => [l.name, l.runs, l.reason])).toStrictEqual([
      ['embed', 'tfjs', 'the model carries masks (from embed)'],
      ['lstm', 'tfjs', 'the model carries masks (from embed)'],
      ['out', 'tfjs', 'the model carries masks (from embed)'],
    ]);
    const [expected] = outputsOf(model.predict(x));
    const [actual] = outputsOf(sparse.predict(x));
    expect(Array.from(actual!.values)).toStrictEqual(Array.from(expected!.values));
    sparse.dispose();
    x.dispose();
    model.dispose();
  });
});
