import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { sparsify } from '../src/index.js';
import { elementwiseActivations } from '../src/activations.js';
import { outputsOf, randomInput, relativeError, seedAndPrune, tf, tfl } from './support/models.js';

const L = tfl.layers;
const activations = [...Object.keys(elementwiseActivations), 'softmax', 'logSoftmax'] as const;
type ActivationName = Parameters<typeof L.dense>[0]['activation'];

/** One layer after a Dense, by kind, all of which run in our runtime. */
const extras = ['none', 'batchNorm', 'dropout', 'activation', 'relu', 'relu6Layer', 'leakyRelu', 'softmaxLayer', 'eluLayer', 'thresholdedRelu'] as const;

function extraLayer(kind: (typeof extras)[number], activation: string): tfl.layers.Layer | null {
  switch (kind) {
    case 'none':
      return null;
    case 'batchNorm':
      return L.batchNormalization();
    case 'dropout':
      return L.dropout({ rate: 0.5 });
    case 'activation':
      return L.activation({ activation: activation as ActivationName & string });
    case 'relu':
      return L.reLU();
    case 'relu6Layer':
      return L.reLU({ maxValue: 6 });
    case 'leakyRelu':
      return L.leakyReLU({ alpha: 0.2 });
    case 'softmaxLayer':
      return L.softmax();
    case 'eluLayer':
      return L.elu();
    case 'thresholdedRelu':
      return L.thresholdedReLU({ theta: 0.3 });
  }
}

const chains = fc.record({
  spatial: fc.boolean(),
  features: fc.integer({ min: 1, max: 12 }),
  layers: fc.array(
    fc.record({
      units: fc.integer({ min: 1, max: 14 }),
      activation: fc.constantFrom(...activations),
      useBias: fc.boolean(),
      extra: fc.constantFrom(...extras),
      extraActivation: fc.constantFrom(...activations),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  sparsity: fc.constantFrom(0, 0.5, 0.7, 0.9, 0.99),
  pattern: fc.constantFrom('unstructured', 'block1x4', 'block4x1'),
  batch: fc.constantFrom(1, 2, 4, 7, 64),
  kernels: fc.constantFrom('wasm', 'js'),
  format: fc.constantFrom('auto', 'auto', 'csr', 'block1x4', 'block4x1', 'dense'),
  minSparsity: fc.constantFrom(0, 0.5, 0.7),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
});

describe('sparsify(model).predict equals model.predict on Dense chains', () => {
  it('every activation, BN, Dropout, Flatten, activation layers; sparsity 0-99%; batch 1-64; both kernels; every format', async () => {
    await fc.assert(
      fc.asyncProperty(chains, async (c) => {
        const inputShape = c.spatial ? [2, 3, c.features] : [c.features];
        const layers: tfl.layers.Layer[] = c.spatial ? [L.flatten({ inputShape })] : [];
        c.layers.forEach((l, i) => {
          layers.push(
            L.dense({ units: l.units, activation: l.activation as ActivationName & string, useBias: l.useBias, ...(i === 0 && !c.spatial ? { inputShape } : {}) }),
          );
          const extra = extraLayer(l.extra, l.extraActivation);
          if (extra !== null) layers.push(extra);
        });
        const model = tfl.sequential({ layers });
        seedAndPrune(model, c.seed, c.sparsity, c.pattern as 'unstructured');
        const x = randomInput([c.batch, ...inputShape], c.seed + 1);
        const before = tf.memory().numTensors;
        const sparse = await sparsify(model, { kernels: c.kernels as 'wasm', format: c.format as 'auto', minSparsity: c.minSparsity });
        expect(sparse.report.ownRuntime).toBe(true);
        const [expected] = outputsOf(model.predict(x));
        const [actual] = outputsOf(sparse.predict(x));
        sparse.dispose();
        expect(tf.memory().numTensors).toBe(before);
        expect(actual!.shape).toStrictEqual(expected!.shape);
        expect(relativeError(expected!.values, actual!.values)).toBeLessThanOrEqual(1e-5);
        x.dispose();
        model.dispose();
      }),
      { numRuns: 50, seed: 1616 },
    );
  });
});

describe('each activation on its own (the random chains may miss one)', () => {
  it.each(activations)('%s', async (activation) => {
    const model = tfl.sequential({ layers: [L.dense({ inputShape: [9], units: 7, activation: activation as ActivationName & string })] });
    seedAndPrune(model, 5, 0.6);
    const x = randomInput([5, 9], 6);
    const sparse = await sparsify(model, { minSparsity: 0.5 });
    expect(sparse.report.layers[0]!.runs).toBe('sparse');
    const [expected] = outputsOf(model.predict(x));
    const [actual] = outputsOf(sparse.predict(x));
    expect(relativeError(expected!.values, actual!.values)).toBeLessThanOrEqual(1e-5);
    sparse.dispose();
    tf.dispose(x);
    model.dispose();
  });
});
