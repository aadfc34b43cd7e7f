import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { layerWithConsumer, layerWithKernel } from './support/kernels.js';
import { type ChannelTargets, MaskStore, updateMasks } from '@tfjs-prune/core';
import { block } from '../src/granularity/block.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { structured } from '../src/granularity/structured.js';
import { unstructured } from '../src/granularity/unstructured.js';

/*
 * Kernel of a Dense layer, 2 inputs × 3 units (flat order row-major):
 *   [[0.1, 0.9, 0.5],
 *    [0.8, 0.2, 0.6]]
 * Each test names the earlier prunings an update must not bring back when the granularity
 * changes between updates (torch's PruningContainer computes new masks only over what is left).
 */
const KERNEL = [0.1, 0.9, 0.5, 0.8, 0.2, 0.6];
const update = (store: MaskStore, target: Parameters<MaskStore['keepMask']>[0], sparsity: number, granularity = unstructured) =>
  updateMasks(store, [target], { criterion: magnitude, scope: 'layer', sparsity, granularity });
/** A "structured" update of the layer's channel groups (its bias and the consumer's rows with it). */
const updateChannels = (store: MaskStore, channels: ChannelTargets, sparsity: number) =>
  updateMasks(store, channels, { criterion: magnitude, scope: 'layer', sparsity, granularity: structured() });

describe('masks never regain entries across granularities', () => {
  it('unstructured then structured: the unit ranking never revives pruned weights', () => {
    // A zero bias and consumer: the groups rank by the kernel's columns alone.
    const { model, target, biasTarget, channels, store } = layerWithConsumer('dense', KERNEL, [2, 3], [0, 0, 0]);
    // 3 lowest |w|: 0.1, 0.2, 0.5.
    update(store, target, 0.5);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 1]);
    // Weights now [[0, .9, 0], [.8, 0, .6]]: unit l1 norms .8, .9, .6, one unit of three goes (unit 2).
    // The unit mask alone would be [1,1,0, 1,1,0], reviving 0.1 and 0.2.
    const [result] = updateChannels(store, channels, 1 / 3);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 0]);
    expect([...store.keepMask(biasTarget)!]).toEqual([1, 1, 0]);
    expect(result!.sparsity).toBe(4 / 6);
    expect([...target.variable.dataSync()]).toEqual([0, Math.fround(0.9), 0, Math.fround(0.8), 0, 0]);
    store.dispose();
    model.dispose();
  });

  it('structured then unstructured: the pruned unit and its bias entry stay pruned', () => {
    const { model, target, biasTarget, channels, store } = layerWithConsumer('dense', KERNEL, [2, 3], [1, 2, 3]);
    // Group l1 norms (column and bias entry) .9 + 1, 1.1 + 2, 1.1 + 3: unit 0 goes, with its bias entry.
    updateChannels(store, channels, 1 / 3);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 1, 0, 1, 1]);
    // Two entries already pruned, then the lowest left: 0.2.
    update(store, target, 0.5);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 1, 0, 0, 1]);
    expect([...store.keepMask(biasTarget)!]).toEqual([0, 1, 1]);
    const values = tf.tensor1d([5, 6, 7]);
    biasTarget.variable.assign(values);
    values.dispose();
    store.apply();
    expect([...biasTarget.variable.dataSync()]).toEqual([0, 6, 7]);
    store.dispose();
    model.dispose();
  });

  it('unstructured then block: a kept block keeps the weights pruned inside it pruned', () => {
    const { model, target } = layerWithKernel('dense', KERNEL, [2, 3]);
    const store = new MaskStore([target]);
    update(store, target, 0.5);
    // Blocks of 2 rows × 1 column (= columns): l1 .8, .9, .6 over the remaining weights; 2 of 6 weights → column 2.
    update(store, target, 2 / 6, block([2, 1]));
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 0]);
    store.dispose();
    model.dispose();
  });

  it('masks imported from an unstructured state survive a structured update', () => {
    const source = layerWithKernel('dense', KERNEL, [2, 3], [1, 2, 3]);
    const sourceStore = new MaskStore([source.target]);
    update(sourceStore, source.target, 0.5);
    const state = sourceStore.stateTensors();
    const { model, target, channels, store } = layerWithConsumer('dense', KERNEL, [2, 3], [0, 0, 0]);
    store.restoreState(state);
    updateChannels(store, channels, 1 / 3);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 0]);
    tf.dispose([...state.values()]);
    [store, sourceStore].forEach((s) => s.dispose());
    [model, source.model].forEach((m) => m.dispose());
  });
});
