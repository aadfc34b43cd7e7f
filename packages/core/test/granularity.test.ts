import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { layerWithConsumer, layerWithKernel, rows } from './support/kernels.js';
import { seededValues } from './support/models.js';
import {
  type Criterion,
  findPrunableWeights,
  type Granularity,
  GranularityError,
  MaskStore,
  type PrunableWeight,
  structuredTargets,
  updateMasks,
} from '@tfjs-prune/core';
import { block } from '../src/granularity/block.js';
import { countZeros } from '../src/count-zeros.js';
import { gradient } from '../src/criteria/gradient.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { movement } from '../src/criteria/movement.js';
import { nOfM } from '../src/granularity/n-m.js';
import { random } from '../src/criteria/random.js';
import { structured } from '../src/granularity/structured.js';
import { taylor } from '../src/criteria/taylor.js';
import { unstructured } from '../src/granularity/unstructured.js';
import * as tfl from '@tensorflow/tfjs-layers';

// A 4×4 Dense kernel (rows: inputs, columns: units). Every expected mask below is worked out by
// hand from these values; see the comments.
const W = [
  [0.1, -0.8, 0.3, 0.05],
  [-0.2, 0.7, -0.1, 0.9],
  [0.6, -0.05, 0.4, -0.3],
  [-0.15, 0.2, -0.5, 0.25],
];
const ABS_W = Float32Array.from(W.flat().map(Math.abs));

const HAND_MASKS: [string, Granularity, number[][]][] = [
  // The 8 lowest |w|: 0.05 (×2), 0.1 (×2), 0.15, 0.2 (×2), 0.25.
  ['unstructured', unstructured, [[0, 1, 1, 0], [0, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 0]]],
  // 2×2 block l1 norms: top-left 1.8, top-right 1.35, bottom-left 1.0, bottom-right 1.45.
  ['block 2x2 l1', block([2, 2], 'l1'), [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]]],
  // Max norms: 0.8, 0.9, 0.6, 0.5: the bottom two blocks go.
  ['block 2x2 max', block([2, 2], 'max'), [[1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]],
  // Per column, the 2 largest |w| of the 4 rows.
  ['2:4', nOfM(2, 4), [[0, 1, 0, 0], [1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 0]]],
];

// "structured" on the same kernel, with a zero bias and a consumer of zeros, so each channel
// group's l1 norm is its column's: 1.05, 1.75, 1.3, 1.5. Units 0 and 2 go.
const STRUCTURED_HAND_MASK = [[0, 1, 0, 1], [0, 1, 0, 1], [0, 1, 0, 1], [0, 1, 0, 1]];

/**
 * Gradient criteria must rank by their statistic, not by the weights: the weights are set to
 * something else entirely, and statistics that make the scores equal |W| must give the masks
 * worked out for |W|.
 */
const CRITERIA: [string, Criterion, Float32Array | undefined][] = [
  ['magnitude', magnitude, undefined],
  ['gradient', gradient, ABS_W],
  ['taylor', taylor, ABS_W],
  ['movement', movement, ABS_W.map((v) => -v)],
];

describe('criterion × granularity masks, worked out by hand', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup(kernel: number[], shape: number[], kind: 'dense' | 'conv2d' | 'conv2dTranspose' = 'dense') {
    const made = layerWithKernel(kind, kernel, shape);
    const store = new MaskStore([made.target]);
    owned.push(made.model, store);
    return { ...made, store };
  }

  for (const [criterionName, criterion, statistic] of CRITERIA) {
    it.each(HAND_MASKS)(`${criterionName} × %s at 50%`, (_name, granularity, expected) => {
      const kernel = statistic === undefined ? W.flat() : W.flat().map((_, i) => 3 - i / 8);
      const { target, store, bias } = setup(kernel, [4, 4]);
      const statistics = statistic === undefined ? undefined : new Map([[target, statistic]]);
      const [update] = updateMasks(store, [target], { criterion, granularity, scope: 'layer', sparsity: 0.5, statistics });
      expect(rows(store.keepMask(target)!, 4)).toEqual(expected);
      expect(update!.sparsity).toBe(0.5);
      const values = target.variable.dataSync();
      expect(expected.flat().every((k, i) => k === 1 || values[i] === 0)).toBe(true);
      // Only channel groups take bias entries with them.
      expect([...bias.dataSync()]).toEqual([1, 2, 3, 4]);
    });

    it(`${criterionName} × structured l1 at 50%: whole channel groups, bias entries and the consumer's rows`, () => {
      const kernel = statistic === undefined ? W.flat() : W.flat().map((_, i) => 3 - i / 8);
      const made = layerWithConsumer('dense', kernel, [4, 4], [0, 0, 0, 0]);
      owned.push(made.model, made.store);
      const { target, biasTarget, consumer, channels, store } = made;
      // The bias and the consumer score 0 whatever the criterion: only the kernel ranks.
      const statistics =
        statistic === undefined ? undefined : new Map(channels.weights.map((w) => [w, w === target ? statistic : new Float32Array(w.size)]));
      const updates = updateMasks(store, channels, { criterion, granularity: structured('l1'), scope: 'layer', sparsity: 0.5, statistics });
      expect(rows(store.keepMask(target)!, 4)).toEqual(STRUCTURED_HAND_MASK);
      expect([...store.keepMask(biasTarget)!]).toEqual([0, 1, 0, 1]);
      expect([...store.keepMask(consumer)!]).toEqual([0, 1, 0, 1]);
      expect(updates.map((u) => `${u.path}/${u.weight} ${u.sparsity}`)).toEqual(['layer/kernel 0.5', 'layer/bias 0.5', 'next/kernel 0.5']);
    });
  }

  it('random × every granularity: the mask its seeded scores give, the same for the same seed', () => {
    for (const [, granularity] of HAND_MASKS) {
      const masks = [3, 3, 4].map((seed) => {
        const { target, store } = setup(W.flat(), [4, 4]);
        updateMasks(store, [target], { criterion: random(seed), granularity, scope: 'layer', sparsity: 0.5 });
        return [...store.keepMask(target)!];
      });
      expect(masks[0]).toEqual(masks[1]);
      expect(countZeros(Uint8Array.from(masks[0]!))).toBe(8);
      if (granularity !== unstructured) continue;
      expect(masks[2]).not.toEqual(masks[0]);
      const scores = random(3).score(setup(W.flat(), [4, 4]).target, new Float32Array(16));
      const lowest = [...scores.keys()].sort((a, b) => scores[a]! - scores[b]!).slice(0, 8);
      expect(masks[0]!.flatMap((k, i) => (k === 0 ? [i] : []))).toEqual(lowest.sort((a, b) => a - b));
    }
  });

  it('block masks with partial edge blocks weigh them by their real size', () => {
    // |w| = 1..15 on a 3×5 kernel, 2×2 blocks: l1 sums 16 (4 weights), 24 (4), 15 (2) on top,
    // 23 (2), 27 (2), 15 (1) below. 40% of 15 is 6 weights: the lowest blocks in order are
    // 15/2 weights, 15/1 (tie, later), 16/4, giving 2, 3, 7 weights; 7 is nearest to 6.
    const { target, store } = setup(Array.from({ length: 15 }, (_, i) => i + 1), [3, 5]);
    const [update] = updateMasks(store, [target], { criterion: magnitude, granularity: block([2, 2]), scope: 'layer', sparsity: 0.4 });
    expect(rows(store.keepMask(target)!, 5)).toEqual([
      [0, 0, 1, 1, 0],
      [0, 0, 1, 1, 0],
      [1, 1, 1, 1, 0],
    ]);
    expect(update!.sparsity).toBe(7 / 15);
  });

  it('n:m keeps exactly n per group of m inputs in Dense and Conv2D kernels; a trailing partial group keeps min(n, size)', () => {
    const check = (kind: 'dense' | 'conv2d', shape: number[], n: number, m: number) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const { target, store } = setup([...seededValues(size, 5)], shape, kind);
      updateMasks(store, [target], { criterion: magnitude, granularity: nOfM(n, m), scope: 'layer', sparsity: 0 });
      const keep = store.keepMask(target)!;
      const values = target.variable.dataSync();
      const [inputs, outputs] = shape.slice(-2) as [number, number];
      const positions = size / (inputs * outputs);
      for (let p = 0; p < positions; p++) {
        for (let o = 0; o < outputs; o++) {
          for (let start = 0; start < inputs; start += m) {
            const members = Array.from({ length: Math.min(m, inputs - start) }, (_, j) => (p * inputs + start + j) * outputs + o);
            expect(members.filter((i) => values[i] !== 0).length).toBe(Math.min(n, members.length));
            // The kept ones are the largest |w| of their group.
            const kept = members.filter((i) => keep[i] === 1).map((i) => Math.abs(values[i]!));
            const pruned = members.filter((i) => keep[i] === 0).map((i) => Math.abs(seededValues(size, 5)[i]!));
            if (pruned.length > 0) expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...pruned));
          }
        }
      }
    };
    check('dense', [10, 3], 2, 4);
    check('conv2d', [2, 2, 6, 3], 2, 4);
    check('conv2d', [1, 2, 5, 2], 1, 2);
  });

  it('n:m on a Dense kernel, by hand: 1:2 with a trailing single row', () => {
    const { target, store } = setup([1, -4, 3, 2, -5, 6, 0.5, 1, 7, -0.1], [5, 2]);
    updateMasks(store, [target], { criterion: magnitude, granularity: nOfM(1, 2), scope: 'layer', sparsity: 0.5 });
    // Column 0: rows (1, 3) keep 3, (-5, 0.5) keep -5, (7) keeps 7. Column 1: (-4, 2) keep -4,
    // (6, 1) keep 6, (-0.1) keeps -0.1.
    expect(rows(store.keepMask(target)!, 2)).toEqual([[0, 1], [1, 0], [1, 1], [0, 0], [1, 1]]);
  });

  it('structured: whole Conv2D filters and their bias entries go; the sparsity counts filters', () => {
    // Kernel [2, 2, 1, 3]: filter f holds entries f, f+3, f+6, f+9 with |w| sums 4, 40, 8.
    const kernel = [1, 10, 2, 1, 10, 2, 1, 10, 2, 1, 10, 2].map((v, i) => (i % 2 === 0 ? v : -v));
    // With the bias (1, 2, 3) in the group: 5, 42, 11.
    const { model, target, biasTarget, channels, store } = layerWithConsumer('conv2d', kernel, [2, 2, 1, 3]);
    owned.push(model, store);
    const [update] = updateMasks(store, channels, { criterion: magnitude, granularity: structured(), scope: 'layer', sparsity: 0.34 });
    expect(rows(store.keepMask(target)!, 3)).toEqual([[0, 1, 1], [0, 1, 1], [0, 1, 1], [0, 1, 1]]);
    expect([...biasTarget.variable.dataSync()]).toEqual([0, 2, 3]);
    expect([...store.keepMask(biasTarget)!]).toEqual([0, 1, 1]);
    expect(update!.sparsity).toBe(1 / 3);
  });

  it('structured: a Conv2DTranspose kernel [kh, kw, filters, in] loses whole filters along axis -2', () => {
    // Kernel [1, 1, 3, 2]: filter f holds entries 2f and 2f + 1. Group norms with the bias
    // (1, 2, 3): 7.07 + 1, 0.22 + 2, 4.24 + 3.
    const { model, target, biasTarget, channels, store } = layerWithConsumer('conv2dTranspose', [5, 5, 0.1, 0.2, 3, 3], [1, 1, 3, 2]);
    owned.push(model, store);
    updateMasks(store, channels, { criterion: magnitude, granularity: structured('l2'), scope: 'layer', sparsity: 0.3 });
    expect([...store.keepMask(target)!]).toEqual([1, 1, 0, 0, 1, 1]);
    expect([...biasTarget.variable.dataSync()]).toEqual([1, 0, 3]);
  });

  it('structured in global scope counts channels, not weights', () => {
    // Two Dense layers with 4 units each, fan-in 2 and 4, feeding an output layer of zeros: 50%
    // of the 8 channels is 4 channels, although b's channels weigh more weights than a's.
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 4, inputShape: [2], name: 'a' }),
        tfl.layers.dense({ units: 4, name: 'b' }),
        tfl.layers.dense({ units: 1, name: 'out', kernelInitializer: 'zeros' }),
      ],
    });
    const a = tf.tensor2d([1, 2, 3, 4, 1, 2, 3, 4], [2, 4]);
    const b = tf.tensor2d(Array.from({ length: 16 }, (_, i) => 0.1 * ((i % 4) + 1)), [4, 4]);
    const zeros = tf.zeros([4]);
    model.layers[0]!.setWeights([a, zeros]);
    model.layers[1]!.setWeights([b, zeros]);
    tf.dispose([a, b, zeros]);
    const channels = structuredTargets(model, findPrunableWeights(model, { include: ['a', 'b'] }));
    const store = new MaskStore(channels.weights);
    owned.push(model, store);
    updateMasks(store, channels, { criterion: magnitude, granularity: structured(), scope: 'global', sparsity: 0.5 });
    // Group l1 norms: a's columns 2, 4, 6, 8 plus b's rows (1 each): 3, 5, 7, 9; b's columns 0.4,
    // 0.8, 1.2, 1.6 (out's rows are zeros). b's best channel is protected (never 100%), so the 4
    // lowest are b's other three and a's weakest.
    const kept = (path: string) => {
      const kernel = channels.weights.find((w) => w.path === path && w.weight === 'kernel')!;
      return rows(store.keepMask(kernel)!, 4).reduce((any, row) => any.map((k, i) => k | row[i]!));
    };
    expect(kept('a')).toEqual([0, 1, 1, 1]);
    expect(kept('b')).toEqual([0, 0, 0, 1]);
  });

  it('structured refuses a layer without whole output units, naming it', () => {
    const model = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: 5, outputDim: 2, inputLength: 3, name: 'emb' })] });
    const targets = findPrunableWeights(model);
    owned.push(model);
    const plan = () => structuredTargets(model, targets);
    expect(plan).toThrow(GranularityError);
    expect(plan).toThrow('layer "emb" (Embedding) has no whole output units to prune');
  });

  it('structured refuses a list of weights: its groups span layers', () => {
    const { target, store } = setup(W.flat(), [4, 4]);
    const update = () => updateMasks(store, [target], { criterion: magnitude, granularity: structured(), scope: 'layer', sparsity: 0.5 });
    expect(update).toThrow(GranularityError);
    expect(update).toThrow(
      'granularity "structured" removes channel groups, which span layers (kernel columns, biases, BatchNormalization, ' +
        "the next layers' input rows): pass structuredTargets(model, targets) instead of the weights, and build the MaskStore from its weights",
    );
  });

  it('n:m and structured masks also prune for a global scope and leak no tensors across updates', () => {
    const { model, target, channels, store } = layerWithConsumer('dense', W.flat(), [4, 4], [0, 0, 0, 0]);
    owned.push(model, store);
    updateMasks(store, channels, { criterion: magnitude, granularity: structured(), scope: 'global', sparsity: 0.25 });
    const before = tf.memory().numTensors;
    updateMasks(store, channels, { criterion: magnitude, granularity: structured(), scope: 'global', sparsity: 0.5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(rows(store.keepMask(target)!, 4)).toEqual(STRUCTURED_HAND_MASK);
  });
});

/** A criterion returning whatever scores the test hands it, to drive masks from fast-check. */
function scripted(): Criterion & { next: Map<PrunableWeight, Float32Array> } {
  const next = new Map<PrunableWeight, Float32Array>();
  return { name: 'scripted', next, score: (target) => next.get(target)! };
}

describe('masks only lose entries across updates, for every granularity and scope', () => {
  const granularities: [string, Granularity][] = [
    ['unstructured', unstructured],
    ['block 2x3 l2', block([2, 3], 'l2')],
    ['block 3x1 max', block([3, 1], 'max')],
    ['2:4', nOfM(2, 4)],
    ['1:3', nOfM(1, 3)],
    ['structured', structured()],
  ];

  it.each(granularities)('%s', (_name, granularity) => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 5, inputShape: [7], name: 'a' }), tfl.layers.dense({ units: 3, name: 'b' })],
    });
    // "structured" masks a's channel groups (b's outputs are the model's): a's kernel and bias, b's rows.
    const channels = granularity.channelGroups === true ? structuredTargets(model, findPrunableWeights(model)) : undefined;
    const targets = channels?.weights ?? findPrunableWeights(model);
    const criterion = scripted();
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.95, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<'layer' | 'global'>('layer', 'global'),
        fc.integer({ min: 1, max: 1000 }),
        (sparsities, scope, seed) => {
          const store = new MaskStore(targets);
          let previous: Uint8Array[] = targets.map((t) => new Uint8Array(t.size).fill(1));
          [...sparsities].sort((x, y) => x - y).forEach((sparsity, round) => {
            targets.forEach((t, i) => criterion.next.set(t, Float32Array.from(seededValues(t.size, seed * 31 + round * 7 + i), Math.abs)));
            updateMasks(store, channels ?? targets, { criterion, granularity, scope, sparsity, normalize: round % 2 === 0 ? 'layer' : 'none' });
            const masks = targets.map((t) => store.keepMask(t) ?? new Uint8Array(t.size).fill(1));
            masks.forEach((mask, i) => {
              for (let j = 0; j < mask.length; j++) if (previous[i]![j] === 0) expect(mask[j]).toBe(0);
            });
            previous = masks;
          });
          store.dispose();
        },
      ),
      { numRuns: 40 },
    );
    model.dispose();
  });
});

