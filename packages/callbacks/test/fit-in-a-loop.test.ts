import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import type { PruningConfig } from '@tfjs-prune/schedules';

/*
 * Many tfjs programs call `fit({ epochs: 1 })` in a loop (to log, to change the data, to
 * save). tfjs numbers each fit's epochs from 0; the schedule must keep one clock anyway, or
 * the loop never gets past the schedule's first epoch and ends dense.
 */

const config: PruningConfig = {
  pruners: [{ name: 'all', schedule: { type: 'polynomial-decay', finalSparsity: 0.8, startEpoch: 1, endEpoch: 5 } }],
};

function compiled(): tfl.Sequential {
  const model = tinyMlp();
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

function masks(pruning: PruningCallback): number[][] {
  const store = pruning.maskStore!;
  return store.targets.map((t) => [...(store.keepMask(t) ?? [])]);
}

/** A dataset of `batches` batches of 8 rows, fresh tensors each time (fitDataset disposes them). */
function batchesOf(x: tf.Tensor, y: tf.Tensor, batches: number) {
  return {
    iterator: async () => {
      let i = 0;
      return {
        next: async () => {
          if (i >= batches) return { value: null, done: true };
          const start = 8 * i++;
          return { value: { xs: tf.slice(x, [start, 0], [8, -1]), ys: tf.slice(y, [start, 0], [8, -1]) }, done: false };
        },
      };
    },
  };
}

describe('one schedule clock across fit calls', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup() {
    const model = compiled();
    const data = tinyData(32);
    const pruning = new PruningCallback(config);
    const epochs: number[] = [];
    pruning.on('epochEnd', (e) => void epochs.push(e.epoch));
    owned.push(model, data.x, data.y, { dispose: () => pruning.strip() });
    return { model, pruning, epochs, ...data };
  }

  it('six fit({ epochs: 1 }) calls end with exactly the masks and weights of one fit({ epochs: 6 })', async () => {
    const once = setup();
    await once.model.fit(once.x, once.y, { epochs: 6, batchSize: 8, shuffle: false, verbose: 0, callbacks: [once.pruning] });
    const loop = setup();
    for (let i = 0; i < 6; i++) {
      await loop.model.fit(loop.x, loop.y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, callbacks: [loop.pruning] });
    }
    expect(loop.epochs).toEqual([0, 1, 2, 3, 4, 5]);
    expect(loop.pruning.report().pruners[0]!.targetSparsity).toBe(0.8);
    expect(masks(loop.pruning)).toEqual(masks(once.pruning));
    const weights = (m: tfl.LayersModel) => m.getWeights().map((w) => [...w.dataSync()]);
    expect(weights(loop.model)).toEqual(weights(once.model));
  });

  it('fitDataset in a loop continues the schedule too', async () => {
    const once = setup();
    await once.model.fitDataset(batchesOf(once.x, once.y, 4) as never, { epochs: 6, verbose: 0, callbacks: [once.pruning] });
    const loop = setup();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) await loop.model.fitDataset(batchesOf(loop.x, loop.y, 4) as never, { epochs: 1, verbose: 0, callbacks: [loop.pruning] });
    expect(loop.epochs).toEqual([0, 1, 2, 3, 4, 5]);
    expect(masks(loop.pruning)).toEqual(masks(once.pruning));
    // The masks were created by the loop's first update; nothing else outlives a fit.
    expect(tf.memory().numTensors).toBe(before + loop.pruning.maskStore!.targets.length);
  });

  it('takes a fit with initialEpoch > 0 at its word', async () => {
    const { model, pruning, epochs, x, y } = setup();
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning] });
    await model.fit(x, y, { epochs: 5, initialEpoch: 4, batchSize: 8, verbose: 0, callbacks: [pruning] });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(epochs).toEqual([0, 1, 4, 5]);
  });
});
