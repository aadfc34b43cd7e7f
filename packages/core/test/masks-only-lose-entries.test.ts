import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { layerWithKernel } from './support/kernels.js';
import { MaskStore, updateMasks } from '@tfjs-prune/core';
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

describe('masks never regain entries across granularities', () => {
  it('unstructured then structured: the unit ranking never revives pruned weights', () => {
    const { model, target } = layerWithKernel('dense', KERNEL, [2, 3], [1, 2, 3]);
    const store = new MaskStore([target]);
    // 3 lowest |w|: 0.1, 0.2, 0.5.
    update(store, target, 0.5);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 1]);
    // Weights now [[0, .9, 0], [.8, 0, .6]]: unit l1 norms .8, .9, .6, one unit of three goes (unit 2).
    // The unit mask alone would be [1,1,0, 1,1,0], reviving 0.1 and 0.2.
    const [result] = update(store, target, 1 / 3, structured());
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 0]);
    expect([...store.biasKeepMask(target)!]).toEqual([1, 1, 0]);
    expect(result!.sparsity).toBe(4 / 6);
    expect([...target.variable.dataSync()]).toEqual([0, Math.fround(0.9), 0, Math.fround(0.8), 0, 0]);
    store.dispose();
    model.dispose();
  });

  it('structured then unstructured: the pruned unit and its bias entry stay pruned', () => {
    const { model, target, bias } = layerWithKernel('dense', KERNEL, [2, 3], [1, 2, 3]);
    const store = new MaskStore([target]);
    // Unit l1 norms .9, 1.1, 1.1: unit 0 goes, with its bias entry.
    update(store, target, 1 / 3, structured());
    expect([...store.keepMask(target)!]).toEqual([0, 1, 1, 0, 1, 1]);
    // Two entries already pruned, then the lowest left: 0.2.
    update(store, target, 0.5);
    expect([...store.keepMask(target)!]).toEqual([0, 1, 1, 0, 0, 1]);
    expect([...store.biasKeepMask(target)!]).toEqual([0, 1, 1]);
    bias.assign(tf.tensor1d([5, 6, 7]));
    store.apply();
    expect([...bias.dataSync()]).toEqual([0, 6, 7]);
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
    const { model, target } = layerWithKernel('dense', KERNEL, [2, 3], [1, 2, 3]);
    const store = new MaskStore([target]);
    store.restoreState(state);
    update(store, target, 1 / 3, structured());
    expect([...store.keepMask(target)!]).toEqual([0, 1, 0, 1, 0, 0]);
    tf.dispose([...state.values()]);
    [store, sourceStore].forEach((s) => s.dispose());
    [model, source.model].forEach((m) => m.dispose());
  });
});
