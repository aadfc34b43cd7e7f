import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp, zerosOf } from '../../core/test/support/models.js';
import { PruningCallback, TfjsCopyError, WrappedCallbackError } from '@tfjs-prune/callbacks';

type Logs = Record<string, number>;

/**
 * What `tfvis.show.fitCallbacks(container, ['loss'])` returns (tfjs-vis 1.5.1, show/history.js):
 * a plain object of async arrow functions `(iteration, log) => Promise<void>`, one per callback
 * name. tfjs-vis itself cannot be imported in Node (it needs a DOM and brings tfjs-core 3.5), so
 * this is its exact shape with a recorder in place of the charts.
 */
function fitCallbacksLike(seen: { callback: string; loss: number }[]) {
  const make = (callback: string) => async (_iteration: number, log?: Logs) => void seen.push({ callback, loss: log?.loss ?? Number.NaN });
  return { onEpochEnd: make('onEpochEnd'), onBatchEnd: make('onBatchEnd') };
}

const WRAPPED_MESSAGE =
  'PruningCallback got no model from fit: the first entry of `callbacks` is a plain object (like { onEpochEnd }), ' +
  'so tfjs wrapped every callback, this one too, in a tf.CustomCallback that never receives the model. ' +
  'Either wrap the plain object yourself (callbacks: [new tf.CustomCallback({ onEpochEnd }), pruning]) ' +
  'or call pruning.attach(model) before fit. Putting pruning first is not enough: tfjs then fails on the plain object ' +
  '("callback.setParams is not a function").';

/**
 * `callbacks: [{ onEpochEnd }, pruning]` made tfjs wrap our callback in a CustomCallback, which
 * calls our hooks with itself as `this` and never gets the model; that used to surface as "two
 * copies of TensorFlow.js are loaded" with one copy installed.
 */
describe('PruningCallback beside plain-object callbacks', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup() {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const { x, y } = tinyData(16);
    const pruning = new PruningCallback({ pruners: [{ layers: { include: ['hidden1'] }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } }] });
    owned.push(model, x, y, { dispose: () => pruning.strip() });
    return { model, x, y, pruning };
  }

  const hidden1Zeros = (model: tfl.LayersModel) => zerosOf(model.getLayer('hidden1').getWeights()[0]!);

  it('a plain object first, no attach: our error says what to do, never the tfjs-copy error', async () => {
    const { model, x, y, pruning } = setup();
    const fit = model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [{ onEpochEnd: async () => {} }, pruning] });
    await expect(fit).rejects.toThrow(WrappedCallbackError);
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [{ onEpochEnd: async () => {} }, pruning] })).rejects.toThrow(WRAPPED_MESSAGE);
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [{ onEpochEnd: async () => {} }, pruning] })).rejects.not.toThrow(TfjsCopyError);
  });

  it('a plain object first after pruning.attach(model): both run, the exact sparsity is reached', async () => {
    const { model, x, y, pruning } = setup();
    const epochs: number[] = [];
    const alive: number[] = [];
    pruning.attach(model);
    const plain = { onEpochEnd: async (epoch: number) => void (epochs.push(epoch), alive.push(tf.memory().numTensors)) };
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [plain, pruning] });
    expect(epochs).toStrictEqual([0, 1, 2]);
    expect(hidden1Zeros(model)).toBe(12); // round(0.5 · 4·6)
    expect(alive[2]).toBe(alive[1]);
  });

  it("tfjs-vis's fitCallbacks first (its exact shape), after attach: charts get every batch and epoch, pruning its sparsity", async () => {
    const { model, x, y, pruning } = setup();
    const seen: { callback: string; loss: number }[] = [];
    pruning.attach(model);
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [fitCallbacksLike(seen), pruning] });
    expect(seen.map((s) => s.callback)).toStrictEqual(['onBatchEnd', 'onBatchEnd', 'onEpochEnd', 'onBatchEnd', 'onBatchEnd', 'onEpochEnd']);
    expect(seen.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(hidden1Zeros(model)).toBe(12);
  });

  it('a plain object wrapped in tf.CustomCallback works in any position, no attach needed', async () => {
    for (const order of ['first', 'last'] as const) {
      const { model, x, y, pruning } = setup();
      const seen: { callback: string; loss: number }[] = [];
      const vis = new tfl.CustomCallback(fitCallbacksLike(seen));
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: order === 'first' ? [vis, pruning] : [pruning, vis] });
      expect(seen.map((s) => s.callback)).toStrictEqual(['onBatchEnd', 'onBatchEnd', 'onEpochEnd']);
      expect(hidden1Zeros(model)).toBe(12);
    }
  });

  it('beside tf.callbacks.earlyStopping: training stops early and the masks hold', async () => {
    const { model, x, y, pruning } = setup();
    // No loss improves by 10, so earlyStopping ends the run after `patience` epochs without one.
    const stop = tfl.callbacks.earlyStopping({ monitor: 'loss', minDelta: 10, patience: 1 });
    const history = await model.fit(x, y, { epochs: 10, batchSize: 8, verbose: 0, callbacks: [pruning, stop] });
    expect(history.epoch).toStrictEqual([0, 1]);
    expect(hidden1Zeros(model)).toBe(12);
  });

  it('a plain object after pruning is refused by tfjs itself, before any hook runs (the README says to wrap it)', async () => {
    const { model, x, y, pruning } = setup();
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [pruning, { onEpochEnd: async () => {} }] as never })).rejects.toThrow(
      'callback.setParams is not a function',
    );
  });
});
