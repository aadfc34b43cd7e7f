import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import { expectEquivalentCompaction } from './support/equivalence.js';
import { seedWeights } from './support/seeded.js';

type Build = () => tfl.LayersModel;
const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

function functional(inputShape: number[], body: (x: tfl.SymbolicTensor) => tfl.SymbolicTensor): tfl.LayersModel {
  const x = tfl.input({ shape: inputShape, name: 'x' });
  return tfl.model({ inputs: x, outputs: body(x) });
}

const conv = (filters: number, name: string, extra: Record<string, unknown> = {}) => L.conv2d({ filters, kernelSize: 3, padding: 'same', name, ...extra });
const bn = (name: string) => L.batchNormalization({ name });
const relu = (name: string) => L.reLU({ name });
const head = (x: tfl.SymbolicTensor) => apply(L.dense({ units: 3, name: 'logits' }), apply(L.globalAveragePooling2d({ name: 'gap' }), x));

/** One model per pattern of the channel graph; each must compact to the same predictions. */
const PATTERNS: Record<string, Build> = {
  'Dense chain (Sequential)': () =>
    tfl.sequential({
      layers: [L.dense({ units: 6, inputShape: [4], activation: 'relu', name: 'h1' }), L.dense({ units: 5, activation: 'tanh', name: 'h2' }), L.dense({ units: 3, name: 'logits' })],
    }),
  'Conv2D → BN → ReLU → Conv2D': () =>
    functional([6, 6, 2], (x) => head(apply(conv(4, 'c2'), apply(relu('r1'), apply(bn('bn1'), apply(conv(6, 'c1'), x)))))),
  'residual Add with projection': () =>
    functional([6, 6, 2], (x) => {
      const stem = apply(conv(6, 'stem'), x);
      const a = apply(bn('bn2'), apply(conv(6, 'c2'), apply(relu('r1'), apply(bn('bn1'), apply(conv(4, 'c1'), stem)))));
      return head(apply(relu('r2'), apply(L.add({ name: 'add' }), [stem, a])));
    }),
  'Concatenate then conv': () =>
    functional([6, 6, 2], (x) => head(apply(conv(4, 'c3'), apply(L.concatenate({ name: 'cat' }), [apply(conv(4, 'c1'), x), apply(conv(6, 'c2'), x)])))),
  'Flatten → Dense': () =>
    functional([5, 5, 2], (x) => apply(L.dense({ units: 3, name: 'logits' }), apply(L.dense({ units: 6, activation: 'relu', name: 'fc' }), apply(L.flatten({ name: 'flat' }), apply(L.maxPooling2d({ poolSize: 2, name: 'pool' }), apply(conv(6, 'c1'), x)))))),
  'inverted residual with DepthwiseConv2D': () =>
    functional([6, 6, 3], (x) => {
      const stem = apply(bn('bn0'), apply(conv(4, 'stem'), x));
      const e = apply(relu('r1'), apply(bn('bn1'), apply(L.conv2d({ filters: 8, kernelSize: 1, name: 'expand' }), stem)));
      const d = apply(relu('r2'), apply(bn('bn2'), apply(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw' }), e)));
      const p = apply(bn('bn3'), apply(L.conv2d({ filters: 4, kernelSize: 1, name: 'project' }), d));
      return head(apply(L.add({ name: 'add' }), [stem, p]));
    }),
  'SeparableConv2D': () =>
    functional([6, 6, 2], (x) => head(apply(L.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 's2' }), apply(L.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', name: 's1' }), x)))),
  'Conv1D, Conv3D and Conv2DTranspose': () =>
    functional([6, 6, 2], (x) => {
      const t = apply(L.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'up' }), apply(conv(6, 'c1'), x));
      const seq = apply(L.reshape({ targetShape: [144, 4], name: 'seq' }), t);
      const c1d = apply(L.conv1d({ filters: 4, kernelSize: 3, name: 'c1d' }), apply(L.conv1d({ filters: 6, kernelSize: 3, name: 'c1d0' }), seq));
      return apply(L.dense({ units: 3, name: 'logits' }), apply(L.globalAveragePooling1d({ name: 'gap' }), c1d));
    }),
  'Conv3D': () =>
    functional([4, 4, 4, 2], (x) => apply(L.dense({ units: 3, name: 'logits' }), apply(L.flatten({ name: 'flat' }), apply(L.conv3d({ filters: 4, kernelSize: 3, name: 'c3b' }), apply(L.conv3d({ filters: 6, kernelSize: 1, name: 'c3a' }), x))))),
  // tfjs-layers 4.22 has no Subtract layer; its handler is registered for models that bring one.
  'merges: Multiply, Average, Maximum, Minimum': () =>
    functional([6, 6, 2], (x) => {
      const [a, b, c] = ['a', 'b', 'c'].map((n) => apply(conv(6, n), x)) as [tfl.SymbolicTensor, tfl.SymbolicTensor, tfl.SymbolicTensor];
      const m = apply(L.multiply({ name: 'mul' }), [a, apply(L.average({ name: 'avg' }), [b, c])]);
      return head(apply(L.minimum({ name: 'min' }), [apply(L.maximum({ name: 'max' }), [m, a]), c]));
    }),
  'pass-through: padding, cropping, upsampling, pooling, dropout, PReLU, activation': () =>
    functional([6, 6, 2], (x) => {
      let h = apply(conv(6, 'c1'), x);
      h = apply(L.zeroPadding2d({ padding: 1, name: 'pad' }), h);
      h = apply(L.cropping2D({ cropping: 1, name: 'crop' }), h);
      h = apply(L.upSampling2d({ size: [2, 2], name: 'upsample' }), h);
      h = apply(L.averagePooling2d({ poolSize: 2, name: 'avgpool' }), h);
      h = apply(L.dropout({ rate: 0.5, name: 'drop' }), h);
      h = apply(L.prelu({ name: 'prelu' }), h);
      h = apply(L.activation({ activation: 'elu', name: 'elu' }), h);
      return head(apply(conv(4, 'c2'), h));
    }),
  'Embedding → LSTM → GRU → SimpleRNN → Dense': () =>
    tfl.sequential({
      layers: [
        L.embedding({ inputDim: 7, outputDim: 6, inputLength: 4, name: 'embed' }),
        L.lstm({ units: 6, returnSequences: true, recurrentInitializer: 'glorotUniform', name: 'lstm' }),
        L.gru({ units: 4, returnSequences: true, recurrentInitializer: 'glorotUniform', name: 'gru' }),
        L.simpleRNN({ units: 4, recurrentInitializer: 'glorotUniform', name: 'rnn' }),
        L.dense({ units: 3, name: 'logits' }),
      ],
    }),
  'nested Sequential inside a functional model': () => {
    const inner = tfl.sequential({ name: 'inner', layers: [L.dense({ units: 6, inputShape: [5], activation: 'relu', name: 'in1' }), L.dense({ units: 4, activation: 'relu', name: 'in2' })] });
    return functional([4], (x) => apply(L.dense({ units: 3, name: 'logits' }), apply(inner, apply(L.dense({ units: 5, activation: 'relu', name: 'outer' }), x))));
  },
  'nested functional model': () => {
    const ix = tfl.input({ shape: [5], name: 'inner_x' });
    const inner = tfl.model({ name: 'block', inputs: ix, outputs: apply(L.dense({ units: 4, activation: 'relu', name: 'b2' }), apply(L.dense({ units: 6, activation: 'relu', name: 'b1' }), ix)) });
    return functional([4], (x) => apply(L.dense({ units: 3, name: 'logits' }), apply(inner, apply(L.dense({ units: 5, activation: 'relu', name: 'outer' }), x))));
  },
  'two inputs, two outputs': () => {
    const a = tfl.input({ shape: [3], name: 'a' });
    const b = tfl.input({ shape: [4], name: 'b' });
    const joined = apply(L.concatenate({ name: 'cat' }), [apply(L.dense({ units: 5, activation: 'relu', name: 'da' }), a), apply(L.dense({ units: 6, activation: 'relu', name: 'db' }), b)]);
    const trunk = apply(L.dense({ units: 6, activation: 'relu', name: 'trunk' }), joined);
    return tfl.model({ inputs: [a, b], outputs: [apply(L.dense({ units: 2, name: 'left' }), trunk), apply(L.dense({ units: 1, name: 'right' }), trunk)] });
  },
  'shared layer called on two branches': () => {
    const shared = L.dense({ units: 5, activation: 'relu', name: 'shared' });
    return functional([4], (x) => {
      const a = apply(shared, apply(L.dense({ units: 6, name: 'a' }), x));
      const b = apply(shared, apply(L.dense({ units: 6, name: 'b' }), x));
      return apply(L.dense({ units: 3, name: 'logits' }), apply(L.concatenate({ name: 'cat' }), [a, b]));
    });
  },
};

describe('compact: every pattern of the channel graph', () => {
  for (const [name, build] of Object.entries(PATTERNS)) {
    it(name, async () => {
      const model = build();
      seedWeights(model, 3);
      const { compacted } = await expectEquivalentCompaction(model, 0.5, name.startsWith('Embedding') ? { intInputs: 7 } : {});
      compacted.dispose();
      model.dispose();
    });
  }
});
