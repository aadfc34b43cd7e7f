import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { PruningCallback, PruningEngine } from '@tfjs-prune/callbacks';
import { checkpointDirectory, loadCheckpoint } from '@tfjs-prune/callbacks/node';
import { createSchedule, type PruningConfig, type ScheduleSpec } from '@tfjs-prune/schedules';

/*
 * Schedules counted in optimizer steps (TFMOT's clock): masks are recomputed right before the
 * step a schedule names, held after every step, and the count runs on across fit calls,
 * custom loops and checkpoints. tinyData(32) with batchSize 8 is 4 steps per epoch.
 */

const schedule: ScheduleSpec = { type: 'polynomial-decay', finalSparsity: 0.8, startStep: 2, endStep: 10, frequency: 2, power: 1 };
const config: PruningConfig = { pruners: [{ name: 'all', schedule }] };
const SIZES = [24, 30, 15];
const work = mkdtempSync(join(tmpdir(), 'tfjs-prune-steps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function compiled(): tfl.Sequential {
  const model = tinyMlp();
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

const kernelZeros = (model: tfl.LayersModel): number[] =>
  ['hidden1', 'hidden2', 'logits'].map((name) => [...model.getLayer(name).getWeights()[0]!.dataSync()].filter((v) => v === 0).length);

/** round(s·n) per kernel, halves to even as the library counts. */
const expectedZeros = (sparsity: number): number[] =>
  SIZES.map((n) => {
    const exact = sparsity * n;
    const floor = Math.floor(exact);
    return exact - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(exact);
  });

const masks = (store: { targets: readonly object[]; keepMask(t: never): Uint8Array | undefined }): number[][] =>
  store.targets.map((t) => [...(store.keepMask(t as never) ?? [])]);

describe('schedules counted in optimizer steps', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup() {
    const model = compiled();
    const data = tinyData(32);
    const pruning = new PruningCallback(config);
    owned.push(model, data.x, data.y, { dispose: () => pruning.strip() });
    return { model, pruning, ...data };
  }

  it('gives every kernel exactly round(s(step)·n) zeros after each step, updating right before the named steps', async () => {
    const { model, pruning, x, y } = setup();
    const updates: [number, number | undefined, number][] = [];
    pruning.on('maskUpdate', (e) => void updates.push([e.epoch, e.step, e.targetSparsity]));
    const seen: number[][] = [];
    const probe = new tfl.CustomCallback({ onBatchEnd: async () => void seen.push(kernelZeros(model)) });
    await model.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0, callbacks: [pruning, probe] });
    const s = createSchedule(schedule);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, step) => expectedZeros(s.sparsityAt(step))));
    expect(updates).toEqual([[0, 2, 0], [1, 4, 0.2], [1, 6, 0.4], [2, 8, 0.6000000000000001], [2, 10, 0.8]]);
    expect(pruning.engine.stepsTaken).toBe(12);
  });

  it('counts on across fit calls: 2 epochs then 1 give the masks of 3 epochs in one fit', async () => {
    const once = setup();
    await once.model.fit(once.x, once.y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0, callbacks: [once.pruning] });
    const split = setup();
    await split.model.fit(split.x, split.y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0, callbacks: [split.pruning] });
    expect(kernelZeros(split.model)).toEqual(expectedZeros(0.4));
    await split.model.fit(split.x, split.y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, callbacks: [split.pruning] });
    expect(kernelZeros(split.model)).toEqual(expectedZeros(0.8));
    expect(masks(split.pruning.maskStore!)).toEqual(masks(once.pruning.maskStore!));
  });

  it('runs in a custom loop with no epochs at all, and leaks no tensor from the step tidy', () => {
    const model = compiled();
    const optimizer = model.optimizer;
    const { x, y } = tinyData(8);
    const before = tf.memory().numTensors;
    const engine = new PruningEngine({ pruners: [{ name: 'all', schedule: { type: 'one-shot', sparsity: 0.5, step: 3 } }] });
    engine.attach(model);
    const zeros: number[][] = [];
    for (let step = 0; step < 5; step++) {
      // tidy as tfjs's own fit does: masks built inside the step must survive it.
      tf.tidy(() => void optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar));
      zeros.push(kernelZeros(model));
    }
    expect(zeros).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0], expectedZeros(0.5), expectedZeros(0.5)]);
    expect(tf.memory().numTensors).toBe(before + 3);
    engine.strip();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('exportState / importState carry the step count: resuming matches training straight through', async () => {
    const straight = setup();
    await straight.model.fit(straight.x, straight.y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0, callbacks: [straight.pruning] });

    const first = setup();
    await first.model.fit(first.x, first.y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, callbacks: [first.pruning] });
    const state = first.pruning.exportState();
    expect(state.pruners.map((p) => p.steps)).toEqual([4]);
    const resumed = new PruningCallback(config);
    owned.push({ dispose: () => resumed.strip() });
    first.pruning.strip();
    resumed.attach(first.model);
    resumed.importState(state);
    tf.dispose([...state.tensors.values()]);
    expect(resumed.engine.stepsTaken).toBe(4);
    await first.model.fit(first.x, first.y, { epochs: 3, initialEpoch: 1, batchSize: 8, shuffle: false, verbose: 0, callbacks: [resumed] });
    expect(masks(resumed.maskStore!)).toEqual(masks(straight.pruning.maskStore!));
  });

  /** Counted in steps, the update runs inside step s after its gradients are accumulated: no calibration needed. */
  it('a gradient criterion may update at step 0, scored on that step\'s gradients', async () => {
    const model = compiled();
    const { x, y } = tinyData(32);
    const pruning = new PruningCallback({ pruners: [{ name: 'g', criterion: 'gradient', schedule: { type: 'one-shot', sparsity: 0.5, step: 0 } }] });
    owned.push(model, x, y, { dispose: () => pruning.strip() });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(kernelZeros(model)).toEqual(expectedZeros(0.5));
  });

  it('iterative rounds in steps with rewind "init": survivors go back to their initial values, nothing leaks', async () => {
    const model = compiled();
    const { x, y } = tinyData(32);
    const initial = [...model.getLayer('hidden1').getWeights()[0]!.dataSync()];
    const pruning = new PruningCallback({ pruners: [{ name: 'lt', rewind: 'init', schedule: { type: 'iterative', finalSparsity: 0.75, rounds: 2, startStep: 1, stepsPerRound: 3 } }] });
    owned.push(model, x, y);
    const before = tf.memory().numTensors;
    const atRounds: number[][] = [];
    // Read inside the step, right after the round's rewind and before the step is applied.
    pruning.on('maskUpdate', () => void atRounds.push([...model.getLayer('hidden1').getWeights()[0]!.dataSync()]));
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0, callbacks: [pruning] });
    expect(atRounds).toHaveLength(2);
    for (const weights of atRounds) expect(weights.map((v, i) => (v === 0 ? 0 : v - initial[i]!))).toEqual(initial.map(() => 0));
    expect(atRounds.map((w) => w.filter((v) => v === 0).length)).toEqual([12, 18]);
    expect(kernelZeros(model)).toEqual(expectedZeros(0.75));
    pruning.strip();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads a state written before step schedules (no step count) as step 0', () => {
    const model = compiled();
    const pruning = new PruningCallback(config);
    owned.push(model, { dispose: () => pruning.strip() });
    pruning.attach(model);
    pruning.importState({ epoch: null, pruners: [{ name: 'all', appliedSparsity: 0, steps: 7 }], tensors: new Map() });
    expect(pruning.engine.stepsTaken).toBe(7);
    pruning.importState({ epoch: null, pruners: [{ name: 'all', appliedSparsity: 0, updates: 0, gradientSteps: 0 }], tensors: new Map() });
    expect(pruning.engine.stepsTaken).toBe(0);
  });

  it('a checkpoint directory round trip restores the step clock', async () => {
    const dir = join(work, 'ckpt');
    const model = compiled();
    const { x, y } = tinyData(32);
    owned.push(x, y);
    const pruning = new PruningCallback(config, { checkpoint: { store: checkpointDirectory(dir) } });
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0, callbacks: [pruning] });
    pruning.strip();
    const loaded = await loadCheckpoint(dir);
    owned.push({ dispose: () => { loaded.callback.strip(); loaded.model.optimizer?.dispose(); loaded.model.dispose(); model.dispose(); } });
    expect([loaded.initialEpoch, loaded.callback.engine.stepsTaken]).toEqual([2, 8]);
    expect(loaded.callback.report().pruners[0]!.targetSparsity).toBe(0.4);
    await loaded.model.fit(x, y, { epochs: 3, initialEpoch: loaded.initialEpoch, batchSize: 8, shuffle: false, verbose: 0, callbacks: [loaded.callback] });
    expect(kernelZeros(loaded.model)).toEqual(expectedZeros(0.8));
  });
});
