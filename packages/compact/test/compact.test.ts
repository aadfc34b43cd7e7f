import * as tfl from '@tensorflow/tfjs-layers';
import { compact, CompactionError, formatCompactionReport } from '@tfjs-prune/compact';
import { channelGraph } from '@tfjs-prune/core';
import { applyKeepMasks, groupKeepMasks } from '@tfjs-prune/core/internal';
import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { expectClose } from './support/equivalence.js';
import { seedWeights } from './support/seeded.js';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

/** Zeroes entries of one weight (by layer and index) where `zero(flatIndex)` holds. */
function zeroWhere(model: tfl.LayersModel, layer: string, weight: number, zero: (i: number, shape: number[]) => boolean): void {
  const target = model.getLayer(layer);
  tf.tidy(() => {
    const weights = target.getWeights();
    const w = weights[weight]!;
    const values = Float32Array.from(w.dataSync()).map((v, i) => (zero(i, w.shape) ? 0 : v));
    weights[weight] = tf.tensor(values, w.shape);
    target.setWeights(weights);
  });
}

function predictions(model: tfl.LayersModel, x: tf.Tensor): Float32Array[] {
  return [tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array)];
}

/** conv c1 (3 filters) → BN → ReLU → `consumer`, with filter 1 of c1 zeroed but BN left alone. */
function zeroedConvBeforeBn(consumer: (h: tfl.SymbolicTensor) => tfl.SymbolicTensor): tfl.LayersModel {
  const x = tfl.input({ shape: [4, 4, 1], name: 'x' });
  const h = apply(L.reLU({ name: 'relu' }), apply(L.batchNormalization({ name: 'bn' }), apply(L.conv2d({ filters: 3, kernelSize: 3, name: 'c1' }), x)));
  const model = tfl.model({ inputs: x, outputs: consumer(h) });
  seedWeights(model, 9);
  tf.tidy(() => model.getLayer('bn').setWeights([tf.ones([3]), tf.tensor1d([0.5, 2, 0.5]), tf.zeros([3]), tf.ones([3])]));
  zeroWhere(model, 'c1', 0, (i) => i % 3 === 1);
  zeroWhere(model, 'c1', 1, (i) => i === 1);
  return model;
}

describe('compact', () => {
  it('folds a constant channel (BN β after a zeroed filter) into a Dense consumer\'s bias', async () => {
    const model = zeroedConvBeforeBn((h) => apply(L.dense({ units: 2, name: 'fc' }), apply(L.flatten({ name: 'flat' }), h)));
    const x = tf.randomNormal([4, 4, 4, 1]);
    const { model: small, report } = await compact(model);
    expect(report.layers).toEqual([{ layer: 'c1', layerClass: 'Conv2D', before: 3, after: 2 }]);
    expect(report.foldedChannels).toBe(1);
    // Filter: 9 kernel + 1 bias; BN: 4; fc: 4 positions × 2 units.
    expect(report.parameters.before - report.parameters.after).toBe(9 + 1 + 4 + 8);
    expectClose(predictions(small, x), predictions(model, x));
    tf.dispose([x]);
    small.dispose();
  });

  it('keeps a constant channel a padded conv cannot absorb, and says why', async () => {
    const model = zeroedConvBeforeBn((h) => apply(L.dense({ units: 2, name: 'fc' }), apply(L.flatten({ name: 'flat' }), apply(L.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'c2' }), h))));
    const { model: small, report } = await compact(model);
    expect(report.removedChannels).toBe(0);
    expect(report.kept).toHaveLength(1);
    expect(report.kept[0]!.group).toBe('c1#1');
    expect(report.kept[0]!.reason).toMatch(/^it feeds "c2" the nonzero constant 2 and "c2" pads its input \(padding "same"\), so a constant input channel is not constant at the borders$/);
    expect(small.countParams()).toBe(model.countParams());
    small.dispose();
  });

  it('sees zero padding turn a constant channel into a varying one, and keeps it', async () => {
    const model = zeroedConvBeforeBn((h) => apply(L.dense({ units: 2, name: 'fc' }), apply(L.flatten({ name: 'flat' }), apply(L.zeroPadding2d({ padding: 1, name: 'pad' }), h))));
    const { model: small, report } = await compact(model);
    expect(report.kept).toEqual([{ group: 'c1#1', reason: 'it feeds "fc" a value that is not one constant (it varies with the input or across positions)' }]);
    expect(small.countParams()).toBe(model.countParams());
    small.dispose();
  });

  it('checks every call of a shared consumer: a channel zero in one call but live in the other stays', async () => {
    const shared = L.dense({ units: 2, name: 'shared' });
    const x = tfl.input({ shape: [3], name: 'x' });
    const a = apply(shared, apply(L.dense({ units: 3, activation: 'relu', name: 'da' }), x));
    const b = apply(shared, apply(L.dense({ units: 3, activation: 'relu', name: 'db' }), x));
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 1, name: 'o' }), apply(L.concatenate({ name: 'cat' }), [a, b])) });
    seedWeights(model, 6);
    zeroWhere(model, 'da', 0, (i) => i % 3 === 1);
    zeroWhere(model, 'da', 1, (i) => i === 1);
    const data = tf.randomNormal([4, 3]);
    const { model: small, report } = await compact(model);
    expect(report.removedChannels).toBe(0);
    expectClose(predictions(small, data), predictions(model, data));
    tf.dispose(data);
    small.dispose();
  });

  it('removes a channel whose consumers all ignore it, even if its producer still computes it', async () => {
    const model = tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [3], activation: 'sigmoid', name: 'h' }), L.dense({ units: 2, name: 'o' })] });
    seedWeights(model, 2);
    zeroWhere(model, 'o', 0, (i) => Math.floor(i / 2) === 2);
    const x = tf.randomNormal([5, 3]);
    const { model: small, report } = await compact(model);
    expect(report.layers).toEqual([{ layer: 'h', layerClass: 'Dense', before: 4, after: 3 }]);
    expect(report.parameters).toEqual({ before: 26, after: 20 });
    expectClose(predictions(small, x), predictions(model, x));
    tf.dispose(x);
    small.dispose();
  });

  it('leaves one channel where every channel of a layer could go', async () => {
    const model = tfl.sequential({ layers: [L.dense({ units: 2, inputShape: [3], name: 'h' }), L.dense({ units: 2, name: 'o' })] });
    seedWeights(model, 2);
    applyKeepMasks(model, groupKeepMasks(channelGraph(model).groups, new Set(['h#0', 'h#1'])));
    const { model: small, report } = await compact(model);
    expect(report.layers).toEqual([{ layer: 'h', layerClass: 'Dense', before: 2, after: 1 }]);
    expect(report.kept).toEqual([{ group: 'h#0', reason: 'it is the last channel of its tensor; a layer needs at least one' }]);
    small.dispose();
  });

  it('formats the report as tables, with what it left alone', async () => {
    const model = tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [3], name: 'h' }), L.dense({ units: 2, name: 'o' })] });
    seedWeights(model, 2);
    applyKeepMasks(model, groupKeepMasks(channelGraph(model).groups, new Set(['h#1', 'h#2'])));
    const { model: small, report } = await compact(model);
    expect(formatCompactionReport(report)).toBe(
      [
        'layer  class  before  after',
        '-----  -----  ------  -----',
        'h      Dense       4      2',
        '',
        '            before  after   kept',
        '----------  ------  -----  -----',
        'parameters      26     14  53.8%',
        'MACs            20     10  50.0%',
        '',
        '2 channels removed (0 folded into consumer biases)',
        'left alone: 3 channels of input "h_input": tied to the model input "h_input"',
        'left alone: 2 channels of o: tied to the model output "o"',
      ].join('\n'),
    );
    small.dispose();
  });

  it('keeps channels around a layer the graph does not know, and compacts the rest', async () => {
    class Scale extends L.Layer {
      static readonly className = 'CompactTestScale';
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 2);
      }
    }
    tf.serialization.registerClass(Scale);
    const x = tfl.input({ shape: [3], name: 'x' });
    const a = apply(L.dense({ units: 4, name: 'a' }), x);
    const b = apply(L.dense({ units: 4, name: 'b' }), apply(new Scale({ name: 'scale' }), a));
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 2, name: 'o' }), b) });
    seedWeights(model, 4);
    const graph = channelGraph(model);
    expect(graph.families.map((f) => f.name)).toEqual(['b']);
    applyKeepMasks(model, groupKeepMasks(graph.groups, new Set(['b#0'])));
    const data = tf.randomNormal([3, 3]);
    const { model: small, report } = await compact(model);
    expect(report.layers).toEqual([{ layer: 'b', layerClass: 'Dense', before: 4, after: 3 }]);
    expect(report.skipped).toContainEqual({ family: 'a', channels: 4, reasons: ['layer "scale" (CompactTestScale) is not known to the channel graph; registerLayer can teach it'] });
    expectClose(predictions(small, data), predictions(model, data));
    tf.dispose(data);
    small.dispose();
  });

  it('names the model and the cause when tfjs cannot rebuild it (a custom class tfjs cannot deserialize)', async () => {
    class Unregistered extends L.Layer {
      static readonly className = 'CompactTestUnregistered';
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return inputs;
      }
    }
    const x = tfl.input({ shape: [3], name: 'x' });
    const model = tfl.model({ inputs: x, outputs: apply(L.dense({ units: 2, name: 'o' }), apply(new Unregistered({ name: 'u' }), apply(L.dense({ units: 4, name: 'a' }), x))), name: 'custom' });
    const failure = await compact(model).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CompactionError);
    expect((failure as CompactionError).code).toBe('COMPACT_REBUILD_FAILED');
    expect((failure as CompactionError).message).toMatch(/^could not rebuild "custom" with fewer channels: Unknown layer: CompactTestUnregistered/);
    expect((failure as CompactionError).cause).toBeInstanceOf(Error);
  });
});
