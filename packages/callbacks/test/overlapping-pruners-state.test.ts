import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { seededValues, seedWeights } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { checkpointDirectory, loadCheckpoint } from '@tfjs-prune/callbacks/node';
import type { PruningConfig } from '@tfjs-prune/schedules';

/**
 * The documented "structured hidden layers + unstructured output layer" setup: the structured
 * pruner's channel groups reach into the output kernel's rows, which the unstructured pruner
 * owns, so two pruners hold a mask over one weight. Each mask must survive a save and resume
 * as its own pruner's, or the resumed run drifts from the uninterrupted one. The hidden layer is
 * a sigmoid so a pruned unit outputs 0.5, not 0: only the consumer's masked rows silence it.
 */
const config: PruningConfig = {
  pruners: [
    {
      name: 'units',
      layers: { include: ['hidden'] },
      granularity: { type: 'structured', norm: 'l2' },
      criterion: 'taylor',
      schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 3, startEpoch: 1 },
      rewind: 'init',
    },
    {
      name: 'weights',
      layers: { include: ['out'] },
      criterion: 'taylor',
      schedule: { type: 'iterative', finalSparsity: 0.7, rounds: 3, startEpoch: 1 },
      rewind: 'init',
    },
  ],
};
const EPOCHS = 6;

const work = mkdtempSync(join(tmpdir(), 'tfjs-prune-overlap-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const owned: { dispose(): void }[] = [];
afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

function compiledModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ name: 'hidden', units: 8, inputShape: [6], activation: 'sigmoid' }),
      tfl.layers.dense({ name: 'out', units: 3, activation: 'softmax' }),
    ],
  });
  seedWeights(model, 3);
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  owned.push(model);
  return model;
}

function data() {
  const x = tf.tensor2d(seededValues(40 * 6, 11), [40, 6]);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, (_, i) => (i * 7) % 3), 'int32'), 3), 'float32'));
  return { x, y };
}

async function fit(model: tfl.LayersModel, callback: PruningCallback, initialEpoch: number, epochs: number): Promise<void> {
  const { x, y } = data();
  await model.fit(x, y, { epochs, initialEpoch, batchSize: 8, shuffle: false, verbose: 0, callbacks: [callback] });
  tf.dispose([x, y]);
}

/** Every state tensor's values, by key: masks as 0/1, accumulators and snapshots as floats. */
function stateOf(callback: PruningCallback): Record<string, number[]> {
  const { tensors } = callback.exportState();
  const values = Object.fromEntries([...tensors].map(([key, t]) => [key, [...t.dataSync()]]));
  tf.dispose([...tensors.values()]);
  return values;
}

const zeros = (model: tfl.LayersModel) => model.weights.map((w) => [...w.read().dataSync()].map((v) => v === 0));

describe('two pruners masking one weight', () => {
  it('both masks are in the exported state, under their own pruner', async () => {
    const model = compiledModel();
    const callback = new PruningCallback(config);
    await fit(model, callback, 0, 2);
    const { tensors } = callback.exportState();
    expect([...tensors.keys()].sort()).toEqual([
      'pruners/0/acc/hidden/bias',
      'pruners/0/acc/hidden/kernel',
      'pruners/0/acc/out/kernel',
      'pruners/0/mask/hidden/bias',
      'pruners/0/mask/hidden/kernel',
      'pruners/0/mask/out/kernel',
      'pruners/0/rewind/hidden/bias',
      'pruners/0/rewind/hidden/kernel',
      'pruners/0/rewind/out/kernel',
      'pruners/1/acc/out/kernel',
      'pruners/1/mask/out/kernel',
      'pruners/1/rewind/out/kernel',
    ]);
    // The structured pruner's mask over out/kernel removes whole rows (inputs from pruned units),
    // the unstructured one single weights: different masks over the same weight.
    const rows = [...tensors.get('pruners/0/mask/out/kernel')!.dataSync()];
    const single = [...tensors.get('pruners/1/mask/out/kernel')!.dataSync()];
    expect(rows).not.toEqual(single);
    for (let r = 0; r < 8; r++) expect(new Set(rows.slice(r * 3, r * 3 + 3)).size).toBe(1);
    tf.dispose([...tensors.values()]);
    callback.strip();
  });

  it('exportState then importState restores every pruner its own masks, accumulators and snapshots', async () => {
    const model = compiledModel();
    const callback = new PruningCallback(config);
    await fit(model, callback, 0, 3);
    const saved = callback.exportState();
    const expected = stateOf(callback);

    const other = compiledModel();
    other.setWeights(model.getWeights());
    const resumed = new PruningCallback(config);
    resumed.attach(other);
    const before = tf.memory().numTensors;
    resumed.importState(saved);
    // The masks are new: hidden kernel and bias, and out/kernel once per pruner. The snapshots
    // and accumulators (taken at attach) are replaced in place.
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.dispose([...saved.tensors.values()]);
    expect(stateOf(resumed)).toEqual(expected);
    callback.strip();
    resumed.strip();
  });

  it('a run resumed from a checkpoint ends with exactly the masks and weights of an uninterrupted one', async () => {
    const straight = compiledModel();
    const straightCallback = new PruningCallback(config);
    await fit(straight, straightCallback, 0, EPOCHS);

    const dir = join(work, 'split');
    const first = compiledModel();
    const firstCallback = new PruningCallback(config, { checkpoint: { store: checkpointDirectory(dir) } });
    // Split after the last mask update: nothing re-derives the masks after the resume.
    await fit(first, firstCallback, 0, 4);
    const firstState = stateOf(firstCallback);
    firstCallback.strip();
    const { model, callback, initialEpoch } = await loadCheckpoint(dir);
    owned.push(model);
    expect(initialEpoch).toBe(4);
    expect(stateOf(callback)).toEqual(firstState);
    await fit(model, callback, initialEpoch, EPOCHS);

    expect(zeros(model)).toEqual(zeros(straight));
    straight.weights.forEach((w, i) => {
      const got = [...model.weights[i]!.read().dataSync()];
      [...w.read().dataSync()].forEach((v, j) => expect(got[j]).toBeCloseTo(v, 5));
    });
    expect(stateOf(callback)).toEqual(stateOf(straightCallback));
    straightCallback.strip();
    callback.strip();
  });

  it('refuses a state keyed by weight alone (saved by an older version), changing nothing', async () => {
    const model = compiledModel();
    const callback = new PruningCallback(config);
    callback.attach(model);
    const before = model.getWeights().map((w) => [...w.dataSync()]);
    const mask = tf.ones([8, 3], 'bool');
    const old = { pruners: [{ name: 'units', appliedSparsity: 0.5 }, { name: 'weights', appliedSparsity: 0.7 }], tensors: new Map([['mask/out/kernel', mask]]) };
    expect(() => callback.importState(old)).toThrow(
      'the pruning state has a tensor "mask/out/kernel" outside the "pruners/<index>/" sections of its 2 pruners: ' +
        'it was saved by an older tfjs-prune, whose state could give one pruner the mask of another, or it was edited; ' +
        'start again from the saved model weights',
    );
    mask.dispose();
    expect(model.getWeights().map((w) => [...w.dataSync()])).toEqual(before);
    callback.strip();
  });
});
