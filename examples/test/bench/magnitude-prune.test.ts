import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { pruneByMagnitude } from '../../src/bench/magnitude-prune.js';
import { describeRuntime } from '../../src/bench/sparse-summary.js';

beforeAll(() => tf.setBackend('cpu'));

/** A [2, 6] Dense kernel with values 1..12 (row-major), so magnitudes order the weights by index. */
function model(): tfl.LayersModel {
  const m = tfl.sequential({ layers: [tfl.layers.dense({ name: 'd', inputShape: [2], units: 6 })] });
  const kernel = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 6]);
  const bias = tf.zeros([6]);
  m.setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return m;
}

const kernelOf = (m: tfl.LayersModel) => Array.from(m.getLayer('d').getWeights()[0]!.dataSync());

/** The benchmark's weights stand in for trained ones: their zeros must be where the docs say. */
describe('pruneByMagnitude', () => {
  it('zeroes the smallest single weights, round(sparsity × weights) of them', () => {
    const before = tf.memory().numTensors;
    const m = model();
    pruneByMagnitude(m, { d: 0.5 });
    expect(kernelOf(m)).toEqual([0, 0, 0, 0, 0, 0, 7, 8, 9, 10, 11, 12]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('zeroes whole 1×4 tiles by l1 norm, a partial edge tile weighing its size, until the weights reach the target', () => {
    const m = model();
    // Tiles (l1): row 0 [1..4] 10, [5, 6] 11; row 1 [7..10] 34, [11, 12] 23. 50% = 6 weights: 10 then 11.
    pruneByMagnitude(m, { d: 0.5 }, 4);
    expect(kernelOf(m)).toEqual([0, 0, 0, 0, 0, 0, 7, 8, 9, 10, 11, 12]);
    const n = model();
    // 25% = 3 weights: the first tile (4 weights) overshoots by one, never a part of a tile.
    pruneByMagnitude(n, { d: 0.25 }, 4);
    expect(kernelOf(n)).toEqual([0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 11, 12]);
    m.dispose();
    n.dispose();
  });

  it('names a layer without a kernel', () => {
    const m = tfl.sequential({ layers: [tfl.layers.flatten({ name: 'f', inputShape: [2, 2] })] });
    expect(() => pruneByMagnitude(m, { f: 0.5 })).toThrow('pruneByMagnitude: layer "f" has no kernel');
    m.dispose();
  });
});

describe('describeRuntime', () => {
  it('lists up to three weighted layers, else counts formats; says how many layers run as tfjs ops', () => {
    const three = describeRuntime({
      kernels: 'wasm',
      ownRuntime: true,
      layers: [
        { name: 'a', className: 'Dense', runs: 'sparse', format: 'csr', sparsity: 0.9 },
        { name: 'relu', className: 'Activation', runs: 'own' },
        { name: 'b', className: 'Dense', runs: 'dense-kernel', format: 'dense', sparsity: 0.25 },
      ],
    });
    expect(three).toEqual({ runtime: 'whole model', formats: 'a csr 90.0%, b dense kernel 25.0%' });
    const many = describeRuntime({
      kernels: 'wasm',
      ownRuntime: false,
      layers: [
        ...['c1', 'c2', 'c3'].map((name) => ({ name, className: 'Conv2D', runs: 'sparse' as const, format: 'block1x4' as const, sparsity: 0.9 })),
        { name: 'head', className: 'Dense', runs: 'dense-kernel', format: 'dense', sparsity: 0 },
        { name: 'lstm', className: 'LSTM', runs: 'tfjs', reason: 'no kernel' },
      ],
    });
    expect(many).toEqual({ runtime: 'per layer, 1 as tfjs ops', formats: '3 block1x4, 1 dense kernel' });
  });
});
