import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import { layerWithConsumer, layerWithKernel } from './support/kernels.js';
import { MaskStore, updateMasks } from '@tfjs-prune/core';
import { block } from '../src/granularity/block.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { roundHalfToEven } from '../src/rounding.js';
import { structured } from '../src/granularity/structured.js';

const ascending = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) / 10);

describe('counts round half to even (as round() in torch.nn.utils.prune and tf.round in TFMOT)', () => {
  it('roundHalfToEven', () => {
    const cases: [number, number][] = [[0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [-2.5, -2], [2.4999, 2], [2.5001, 3], [7, 7], [0, 0]];
    expect(cases.map(([x]) => roundHalfToEven(x))).toEqual(cases.map(([, rounded]) => rounded));
  });

  it('10 weights at 0.25 prune 2, not 3, under both scopes', () => {
    for (const scope of ['layer', 'global'] as const) {
      const { model, target } = layerWithKernel('dense', ascending(10), [2, 5]);
      const store = new MaskStore([target]);
      updateMasks(store, [target], { criterion: magnitude, scope, sparsity: 0.25 });
      expect([...store.keepMask(target)!]).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
      store.dispose();
      model.dispose();
    }
  });

  it('10 units at 0.25 prune 2 units', () => {
    const { model, biasTarget, channels, store } = layerWithConsumer('dense', ascending(10), [1, 10]);
    updateMasks(store, channels, { criterion: magnitude, scope: 'layer', sparsity: 0.25, granularity: structured() });
    expect([...store.keepMask(biasTarget)!]).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    store.dispose();
    model.dispose();
  });

  it('10 blocks of 2 at 0.25 prune 2 blocks (4 weights), not 3', () => {
    const { model, target } = layerWithKernel('dense', ascending(20), [1, 20]);
    const store = new MaskStore([target]);
    updateMasks(store, [target], { criterion: magnitude, scope: 'layer', sparsity: 0.25, granularity: block([1, 2]) });
    expect(store.prunedCount(target)).toBe(4);
    expect([...store.keepMask(target)!].slice(0, 6)).toEqual([0, 0, 0, 0, 1, 1]);
    store.dispose();
    model.dispose();
  });
});

describe('the avg block norm (TFMOT\'s default pooling)', () => {
  /*
   * A 1×7 kernel in 1×3 blocks: {0,1,2} = .3 each, {3,4,5} = .5 each, and the partial edge
   * block {6} = .35. The l1 sums .9, 1.5, .35 rank the edge block lowest for being small; the
   * means .3, .5, .35 rank it above the first block. Target: 3 of 7 weights.
   */
  const KERNEL = [0.3, 0.3, 0.3, 0.5, 0.5, 0.5, 0.35];

  it.each([
    // l1: the edge block (1 weight) then the first (3): 4 weights is nearer 3 than 1 is.
    ['l1', [0, 0, 0, 1, 1, 1, 0]],
    // avg: the first block alone, exactly 3 weights; the edge block survives on its mean.
    ['avg', [0, 0, 0, 1, 1, 1, 1]],
  ] as const)('%s', (norm, expected) => {
    const { model, target } = layerWithKernel('dense', KERNEL, [1, 7]);
    const store = new MaskStore([target]);
    updateMasks(store, [target], { criterion: magnitude, scope: 'layer', sparsity: 3 / 7, granularity: block([1, 3], norm) });
    expect([...store.keepMask(target)!]).toEqual(expected);
    store.dispose();
    model.dispose();
  });
});
