import { describe, expect, it } from 'vitest';

import { formatSparsifyReport, sparsify } from '../src/index.js';
import { outputsOf, randomInput, relativeError, seedAndPrune, tf, tfl } from './support/models.js';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

async function expectSame(model: tfl.LayersModel, inputShape: number[]): Promise<void> {
  for (const kernels of ['wasm', 'js'] as const) {
    const x = randomInput([5, ...inputShape], 31);
    const sparse = await sparsify(model, { kernels });
    const expected = outputsOf(model.predict(x));
    const actual = outputsOf(sparse.predict(x));
    expected.forEach((e, i) => expect(relativeError(e.values, actual[i]!.values)).toBeLessThanOrEqual(1e-5));
    sparse.dispose();
    x.dispose();
  }
}

describe('BatchNormalization and relu/relu6 after a linear Dense or 1x1 Conv2D run inside its kernel', () => {
  it('Dense → BN → ReLU, 1x1 conv → BN → relu6, and a BN that ends the model', async () => {
    const x = tfl.input({ shape: [2, 2, 6] });
    let h = apply(L.conv2d({ filters: 8, kernelSize: 1, name: 'pw' }), x);
    h = apply(L.batchNormalization({ name: 'pw_bn' }), h);
    h = apply(L.activation({ activation: 'relu6', name: 'pw_relu6' }), h);
    h = apply(L.flatten({ name: 'flat' }), h);
    h = apply(L.dense({ units: 10, name: 'fc' }), h);
    h = apply(L.batchNormalization({ name: 'fc_bn' }), h);
    h = apply(L.reLU({ name: 'fc_relu' }), h);
    h = apply(L.dense({ units: 3, name: 'out' }), h);
    const model = tfl.model({ inputs: x, outputs: apply(L.batchNormalization({ name: 'out_bn', center: false }), h) });
    seedAndPrune(model, 41, 0.8);
    await expectSame(model, [2, 2, 6]);
    const sparse = await sparsify(model, { minSparsity: 0 });
    expect(sparse.report.layers.map((l) => [l.name, l.runs, l.foldedInto ?? ''])).toStrictEqual([
      ['pw', 'sparse', ''],
      ['pw_bn', 'own', 'pw'],
      ['pw_relu6', 'own', 'pw'],
      ['flat', 'own', ''],
      ['fc', 'sparse', ''],
      ['fc_bn', 'own', 'fc'],
      ['fc_relu', 'own', 'fc'],
      ['out', 'sparse', ''],
      ['out_bn', 'own', 'out'],
    ]);
    expect(formatSparsifyReport(sparse.report)).toMatch(/^pw_relu6 +Activation +own +folded into pw$/m);
    sparse.dispose();
    model.dispose();
  });

  it('no folding when the tensor in between feeds another layer too, or the Dense has an activation', async () => {
    const x = tfl.input({ shape: [6] });
    const d = apply(L.dense({ units: 5, name: 'd' }), x);
    const bn = apply(L.batchNormalization({ name: 'bn' }), d);
    const e = apply(L.dense({ units: 5, activation: 'tanh', name: 'e' }), bn);
    const bn2 = apply(L.batchNormalization({ name: 'bn2' }), e);
    const model = tfl.model({ inputs: x, outputs: [apply(L.add({ name: 'sum' }), [d, bn2])] });
    seedAndPrune(model, 43, 0.5);
    await expectSame(model, [6]);
    const sparse = await sparsify(model);
    expect(sparse.report.layers.filter((l) => l.foldedInto !== undefined)).toStrictEqual([]);
    sparse.dispose();
    model.dispose();
  });

  it('the model keeps its own BatchNormalization weights', async () => {
    const model = tfl.sequential({ layers: [L.dense({ inputShape: [4], units: 4 }), L.batchNormalization()] });
    seedAndPrune(model, 44, 0.5);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const sparse = await sparsify(model);
    sparse.dispose();
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toStrictEqual(before);
    model.dispose();
  });
});
