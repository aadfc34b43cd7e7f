import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { type MaskUpdateEvent, PruningBindError, PruningCallback } from '@tfjs-prune/callbacks';
import type { LayerSelector, PruningConfig } from '@tfjs-prune/schedules';

/*
 * Transfer learning freezes a base model (`layer.trainable = false`) and trains a head. The
 * selector decides what is pruned, never `trainable`: a frozen layer the selector matches is
 * masked like any other (nothing trains it back), and reports and events say it is frozen.
 * `layers.trainable: true` is how a config leaves a frozen base dense.
 */

function frozenBaseMlp(): tfl.Sequential {
  const model = tinyMlp();
  model.getLayer('hidden1').trainable = false;
  model.getLayer('hidden2').trainable = false;
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

const config = (layers: LayerSelector = {}, extra: Record<string, unknown> = {}): PruningConfig =>
  ({ pruners: [{ name: 'all', layers, schedule: { type: 'one-shot', sparsity: 0.5 }, ...extra }] }) as PruningConfig;

function zerosOf(model: tfl.LayersModel, layer: string): number {
  return [...model.getLayer(layer).getWeights()[0]!.dataSync()].filter((v) => v === 0).length;
}

describe('frozen layers', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup(cfg: PruningConfig) {
    const model = frozenBaseMlp();
    const data = tinyData(32);
    const pruning = new PruningCallback(cfg);
    owned.push(model, data.x, data.y, { dispose: () => pruning.strip() });
    return { model, pruning, ...data };
  }

  it('prunes a selected frozen layer like any other, keeps its other weights as they were, and says it is frozen', async () => {
    const { model, pruning, x, y } = setup(config());
    const before = model.getLayer('hidden1').getWeights()[0]!.dataSync().slice();
    const events: MaskUpdateEvent[] = [];
    pruning.on('maskUpdate', (e) => void events.push(e));
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect([zerosOf(model, 'hidden1'), zerosOf(model, 'hidden2'), zerosOf(model, 'logits')]).toEqual([12, 15, 8]);
    // Frozen: every surviving weight is exactly what it was; only the mask changed it.
    const after = model.getLayer('hidden1').getWeights()[0]!.dataSync();
    expect([...after].every((v, i) => v === 0 || v === before[i])).toBe(true);
    expect(events.map((e) => e.frozen)).toEqual([['hidden1', 'hidden2']]);
    expect(pruning.report().pruners[0]!.targets.map((t) => [t.layer, t.frozen])).toEqual([['hidden1', true], ['hidden2', true], ['logits', false]]);
    expect(pruning.formatReport().split('\n').slice(5, 7)).toEqual(['', 'frozen (trainable: false), masked but never trained: hidden1, hidden2']);
  });

  it('importState enforces a frozen layer\'s mask on a fresh copy of the model', async () => {
    const { model, pruning, x, y } = setup(config());
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    const state = pruning.exportState();
    const copy = frozenBaseMlp();
    owned.push(copy);
    const resumed = new PruningCallback(config());
    resumed.attach(copy);
    resumed.importState(state);
    tf.dispose([...state.tensors.values()]);
    owned.push({ dispose: () => resumed.strip() });
    expect([zerosOf(copy, 'hidden1'), zerosOf(copy, 'hidden2')]).toEqual([12, 15]);
    expect(resumed.maskStore!.keepMask(resumed.maskStore!.targets[0]!)).toEqual(pruning.maskStore!.keepMask(pruning.maskStore!.targets[0]!));
  });

  it('"trainable": true leaves the frozen base dense', async () => {
    const { model, pruning, x, y } = setup(config({ trainable: true }));
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect([zerosOf(model, 'hidden1'), zerosOf(model, 'hidden2'), zerosOf(model, 'logits')]).toEqual([0, 0, 8]);
    expect(pruning.formatReport()).not.toContain('frozen');
  });

  it('says when "trainable": true filtered out every layer the rest of the selector matched', () => {
    const model = frozenBaseMlp();
    owned.push(model);
    const pruning = new PruningCallback(config({ include: ['hidden*'], trainable: true }));
    expect(() => pruning.attach(model)).toThrow(PruningBindError);
    expect(() => pruning.attach(model)).toThrow(
      'config: /pruners/0/layers: pruner "all" matches no prunable weight (layers.include ["hidden*"], layers.trainable true): ' +
        'its 2 matches, layers "hidden1", "hidden2", are frozen layers (trainable: false); ' +
        'remove "trainable": true from "layers" to prune frozen layers too',
    );
    const onlyTrained = new PruningCallback(config({ include: ['logits'], trainable: false }));
    expect(() => onlyTrained.attach(model)).toThrow(
      'matches no prunable weight (layers.include ["logits"], layers.trainable false): its only match, layer "logits", ' +
        'is a layer that trains (trainable: true); remove "trainable": false from "layers" to prune them',
    );
  });

  it('refuses a gradient criterion on a frozen layer, which gets no gradients', () => {
    const model = frozenBaseMlp();
    owned.push(model);
    const pruning = new PruningCallback(config({ include: ['hidden1', 'logits'] }, { criterion: 'taylor', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } }));
    expect(() => pruning.attach(model)).toThrow(
      'config: /pruners/0/criterion: pruner "all" has criterion "taylor", which scores weights by their gradients, but layer "hidden1" ' +
        'is frozen (trainable: false) and gets none: add "trainable": true to "layers" to leave frozen layers dense, or use criterion "magnitude"',
    );
  });

  it('leaves frozen weights out of regularization: the proximal step would train them', async () => {
    const { model, pruning, x, y } = setup(config({}, { regularization: { type: 'l1', strength: 0.5 }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 5 } }));
    const before = model.getLayer('hidden1').getWeights()[0]!.dataSync().slice();
    const head = model.getLayer('logits').getWeights()[0]!.dataSync().slice();
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect([...model.getLayer('hidden1').getWeights()[0]!.dataSync()]).toEqual([...before]);
    expect([...model.getLayer('logits').getWeights()[0]!.dataSync()]).not.toEqual([...head]);
  });

  /**
   * An Add ties a frozen producer's channels to a trainable one's: the group is removed
   * together, so both lose the same filters whether or not the selector takes frozen layers.
   */
  it.each([[{}], [{ trainable: true }]] as [LayerSelector][])('structured: a frozen producer tied by Add to a selected one loses the same filters (%j)', async (layers) => {
    const input = tfl.input({ shape: [6, 6, 2] });
    const frozenConv = tfl.layers.conv2d({ name: 'base_conv', filters: 4, kernelSize: 1, trainable: false });
    const a = frozenConv.apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.conv2d({ name: 'head_conv', filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({}).apply([a, b]) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(tfl.layers.reLU({}).apply(sum) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const logits = tfl.layers.dense({ name: 'logits', units: 2, activation: 'softmax' }).apply(pooled) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: logits });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(Array.from({ length: 4 * 72 }, (_, i) => Math.sin(i * 0.37)), [4, 6, 6, 2]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    owned.push(model, x, y);
    const pruning = new PruningCallback({
      pruners: [{ name: 'channels', layers: { classes: ['Conv2D'], ...layers }, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } }],
    });
    owned.push({ dispose: () => pruning.strip() });
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, callbacks: [pruning] });
    const zeroFilters = (layer: string) => {
      const values = model.getLayer(layer).getWeights()[0]!.dataSync();
      return [0, 1, 2, 3].filter((c) => values.every((v, i) => i % 4 !== c || v === 0));
    };
    expect(zeroFilters('base_conv')).toHaveLength(2);
    expect(zeroFilters('base_conv')).toEqual(zeroFilters('head_conv'));
    expect(pruning.report().pruners[0]!.targets.filter((t) => t.frozen).map((t) => `${t.layer}/${t.weight}`)).toEqual(['base_conv/kernel', 'base_conv/bias']);
  });
});
