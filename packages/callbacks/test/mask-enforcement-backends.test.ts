import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { findPrunableWeights, MaskStore } from '@tfjs-prune/core';

/**
 * MaskStore masks with `where` on the cpu backend and with cast + multiply elsewhere (each is
 * the fast one on its backend). The rest of the suite runs on cpu, so this runs both.
 */
describe.each(['cpu', 'wasm'])('mask enforcement on the %s backend', (backend) => {
  afterAll(() => tf.setBackend('cpu'));

  it('zeroes exactly the masked entries, and leaves +0 (not -0) after applyWithPositiveZeros', async () => {
    await tf.setBackend(backend);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [2], useBias: false, name: 'd' })] });
    const kernel = tf.tensor2d([
      [-1, 2, -3],
      [4, -5, 6],
    ]);
    model.layers[0]!.setWeights([kernel]);
    const [target] = findPrunableWeights(model);
    const store = new MaskStore([target!]);
    store.setMask(target!, Uint8Array.from([0, 1, 0, 1, 0, 1]));
    const before = tf.memory().numTensors;
    // What an optimizer step does: new values everywhere, the pruned ones included.
    target!.variable.assign(kernel);
    store.apply();
    expect(Array.from(target!.variable.dataSync()).map((v) => (v === 0 ? 0 : v))).toEqual([0, 2, 0, 4, 0, 6]);
    store.applyWithPositiveZeros();
    expect(Array.from(target!.variable.dataSync()).filter((v) => Object.is(v, -0))).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    store.dispose();
    kernel.dispose();
    model.dispose();
    expect(tf.getBackend()).toBe(backend);
  });
});
