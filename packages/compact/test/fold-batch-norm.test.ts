import * as tfl from '@tensorflow/tfjs-layers';
import { compact, foldBatchNorm, formatCompactionReport } from '@tfjs-prune/compact';
import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { expectClose, pruneGroups } from './support/equivalence.js';
import { seedWeights } from './support/seeded.js';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

function predictions(model: tfl.LayersModel, x: tf.Tensor): Float32Array[] {
  return [tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array)];
}

const classesOf = (model: tfl.LayersModel) => model.layers.map((l) => l.getClassName());

/**
 * Folds, then checks the contract: same predictions (float rounding aside), the input model
 * untouched, only the new model's weights left as tensors, and a save + reload that still agrees.
 */
async function expectEquivalentFold(model: tfl.LayersModel, inputShape: number[]) {
  const x = tf.randomNormal(inputShape, 0, 1, 'float32', 3);
  const before = predictions(model, x);
  const tensorsBefore = tf.memory().numTensors;
  const { model: folded, report } = await foldBatchNorm(model);
  expect(tf.memory().numTensors - tensorsBefore).toBe(folded.weights.length);
  expectClose(predictions(folded, x), before);
  expectClose(predictions(model, x), before, 0);
  expect(report.parameters).toEqual({ before: model.countParams(), after: folded.countParams() });
  let saved: tf.io.ModelArtifacts | undefined;
  await folded.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
  expectClose(predictions(reloaded, x), before);
  reloaded.dispose();
  x.dispose();
  return { folded, report };
}

describe('foldBatchNorm', () => {
  it('merges Conv2D → BN pairs into the convolutions, with or without their own bias', async () => {
    const x = tfl.input({ shape: [6, 6, 2], name: 'x' });
    const a = apply(L.reLU({ name: 'r1' }), apply(L.batchNormalization({ name: 'bn1' }), apply(L.conv2d({ filters: 3, kernelSize: 3, useBias: false, name: 'c1' }), x)));
    const b = apply(L.batchNormalization({ name: 'bn2', epsilon: 0.01 }), apply(L.conv2d({ filters: 4, kernelSize: 1, name: 'c2' }), a));
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 2, name: 'fc' }), apply(L.globalAveragePooling2d({ name: 'gap' }), b)) });
    seedWeights(model, 5);
    const { folded, report } = await expectEquivalentFold(model, [2, 6, 6, 2]);
    expect(report.folded).toEqual([
      { batchNorm: 'bn1', into: 'c1' },
      { batchNorm: 'bn2', into: 'c2' },
    ]);
    expect(report.leftAlone).toEqual([]);
    expect(classesOf(folded)).toEqual(['InputLayer', 'Conv2D', 'ReLU', 'Conv2D', 'GlobalAveragePooling2D', 'Dense']);
    // bn1: 4 × 3 parameters gone, c1 gains a bias of 3; bn2: 4 × 4 gone.
    expect(report.parameters.before - report.parameters.after).toBe(12 - 3 + 16);
    folded.dispose();
  });

  it('scales the right kernel axis of Dense, Conv1D, depthwise (multiplier 2), separable and transposed convolutions', async () => {
    const cases: [string, tfl.layers.Layer, number[]][] = [
      ['Dense', L.dense({ units: 3, name: 'p' }), [2, 4]],
      ['Conv1D', L.conv1d({ filters: 3, kernelSize: 2, name: 'p' }), [5, 2]],
      ['DepthwiseConv2D', L.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, name: 'p' }), [4, 4, 3]],
      ['SeparableConv2D', L.separableConv2d({ filters: 3, kernelSize: 2, name: 'p' }), [4, 4, 2]],
      ['Conv2DTranspose', L.conv2dTranspose({ filters: 3, kernelSize: 2, name: 'p' }), [3, 3, 2]],
    ];
    for (const [className, producer, shape] of cases) {
      const x = tfl.input({ shape });
      const model = tfl.model({ inputs: x, outputs: apply(L.flatten(), apply(L.batchNormalization({ name: 'bn' }), apply(producer, x))) });
      seedWeights(model, 7);
      const { folded, report } = await expectEquivalentFold(model, [2, ...shape]);
      expect([className, report.folded]).toEqual([className, [{ batchNorm: 'bn', into: 'p' }]]);
      folded.dispose();
    }
  });

  it('folds a BN without γ or β (center/scale false) and one in a Sequential', async () => {
    const model = tfl.sequential({
      layers: [
        L.dense({ units: 4, inputShape: [3], name: 'd1' }),
        L.batchNormalization({ center: false, name: 'bn1' }),
        L.dense({ units: 2, useBias: false, name: 'd2' }),
        L.batchNormalization({ scale: false, name: 'bn2' }),
      ],
    });
    seedWeights(model, 2);
    const { folded, report } = await expectEquivalentFold(model, [5, 3]);
    expect(report.folded.map((f) => f.into)).toEqual(['d1', 'd2']);
    expect(classesOf(folded)).toEqual(['Dense', 'Dense']);
    folded.dispose();
  });

  it('folds inside a nested model', async () => {
    const innerInput = tfl.input({ shape: [4, 4, 1], name: 'inner_x' });
    const inner = tfl.model({ name: 'encoder', inputs: innerInput, outputs: apply(L.batchNormalization({ name: 'bn' }), apply(L.conv2d({ filters: 2, kernelSize: 3, name: 'c' }), innerInput)) });
    const x = tfl.input({ shape: [4, 4, 1], name: 'x' });
    const model = tfl.model({ inputs: x, outputs: apply(L.flatten({ name: 'flat' }), apply(inner, x)) });
    seedWeights(model, 4);
    const { folded, report } = await expectEquivalentFold(model, [2, 4, 4, 1]);
    expect(report.folded).toEqual([{ batchNorm: 'encoder/bn', into: 'encoder/c' }]);
    expect(classesOf(folded.getLayer('encoder') as tfl.LayersModel)).toEqual(['InputLayer', 'Conv2D']);
    folded.dispose();
  });

  it('leaves alone, with the reason, every BN that folding would change', async () => {
    const x = tfl.input({ shape: [4, 3], name: 'x' });
    const first = apply(L.batchNormalization({ name: 'bn_input' }), x);
    const activated = apply(L.batchNormalization({ name: 'bn_relu' }), apply(L.dense({ units: 3, activation: 'relu', name: 'd_relu' }), first));
    const twoReaders = apply(L.dense({ units: 3, name: 'd_read_twice' }), activated);
    const bnTwoReaders = apply(L.batchNormalization({ name: 'bn_two_readers' }), twoReaders);
    const sum = apply(L.add({ name: 'add' }), [bnTwoReaders, twoReaders]);
    const sideways = apply(L.batchNormalization({ axis: 1, name: 'bn_axis1' }), apply(L.dense({ units: 3, name: 'd_axis1' }), sum));
    const shared = L.batchNormalization({ name: 'bn_shared' });
    const out = apply(L.add({ name: 'add2' }), [apply(shared, sideways), apply(shared, apply(L.dense({ units: 3, name: 'd_shared' }), sideways))]);
    const outputDense = apply(L.dense({ units: 3, name: 'd_output' }), out);
    const model = tfl.model({ inputs: x, outputs: [apply(L.batchNormalization({ name: 'bn_after_output' }), outputDense), outputDense] });
    seedWeights(model, 6);
    const { report } = await foldBatchNorm(model);
    expect(report.folded).toEqual([]);
    expect(report.leftAlone).toEqual([
      { batchNorm: 'bn_input', reason: 'its input comes from "x" (InputLayer), which has no kernel to fold into' },
      { batchNorm: 'bn_relu', reason: '"d_relu" applies "relu" before the normalization' },
      { batchNorm: 'bn_two_readers', reason: '"d_read_twice"\'s output is also read by "add"' },
      { batchNorm: 'bn_axis1', reason: 'normalizes axis 1, not the channels-last axis' },
      { batchNorm: 'bn_shared', reason: 'shared: called 2 times' },
      { batchNorm: 'bn_after_output', reason: '"d_output"\'s output is also a model output' },
    ]);
    expect(report.parameters.before).toBe(report.parameters.after);
  });

  it('compact(model, { foldBatchNorm: true }) removes the pruned channels and folds, in one call', async () => {
    const x = tfl.input({ shape: [6, 6, 1], name: 'x' });
    const h = apply(L.reLU({ name: 'relu' }), apply(L.batchNormalization({ name: 'bn' }), apply(L.conv2d({ filters: 4, kernelSize: 3, useBias: false, name: 'c1' }), x)));
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 2, name: 'fc' }), apply(L.flatten({ name: 'flat' }), h)) });
    seedWeights(model, 8);
    pruneGroups(model, 0.5);
    const input = tf.randomNormal([3, 6, 6, 1], 0, 1, 'float32', 9);
    const { model: small, report } = await compact(model, { foldBatchNorm: true });
    expectClose(predictions(small, input), predictions(model, input));
    expect(classesOf(small)).toEqual(['InputLayer', 'Conv2D', 'ReLU', 'Flatten', 'Dense']);
    expect(report.layers).toEqual([{ layer: 'c1', layerClass: 'Conv2D', before: 4, after: 2 }]);
    expect(report.parameters).toEqual({ before: model.countParams(), after: small.countParams() });
    expect(report.batchNorm).toEqual({ folded: [{ batchNorm: 'bn', into: 'c1' }], leftAlone: [] });
    expect(formatCompactionReport(report).split('\n')).toContain('1 BatchNormalization layer folded into its producer');
    input.dispose();
    small.dispose();
  });
});
