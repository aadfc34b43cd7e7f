import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { seedWeights, tinyData, tinyMlp, zerosOf } from '../../core/test/support/models.js';
import { type EpochEndEvent, type MaskUpdateEvent, PruningBindError, PruningCallback } from '@tfjs-prune/callbacks';
import { pruningCallbackFromFile } from '@tfjs-prune/callbacks/node';
import { findPrunableWeights } from '@tfjs-prune/core';
import { createSchedule, type PruningConfig, PruningConfigError, type ScheduleSpec } from '@tfjs-prune/schedules';

const KERNEL_SIZES = { hidden1: 24, hidden2: 30, logits: 15 };

function compiled(model = tinyMlp()): tfl.Sequential {
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function oneLayerConfig(schedule: ScheduleSpec, extra: Record<string, unknown> = {}) {
  return { pruners: [{ name: 'all', schedule, ...extra }] };
}

function kernelZeros(model: tfl.LayersModel): Record<string, number> {
  return Object.fromEntries(findPrunableWeights(model).map((t) => [t.layer, zerosOf(t.variable)]));
}

/** Entries whose mask is 0, as flat indices per layer. */
function prunedIndices(callback: PruningCallback): Record<string, number[]> {
  const store = callback.maskStore!;
  return Object.fromEntries(
    store.targets.map((t) => [t.layer, [...(store.keepMask(t) ?? [])].flatMap((k, i) => (k === 0 ? [i] : []))]),
  );
}

describe('PruningCallback in model.fit', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup(config: unknown, args = {}) {
    const model = compiled();
    const data = tinyData(32);
    const pruning = new PruningCallback(config as PruningConfig, args);
    owned.push(model, data.x, data.y, { dispose: () => pruning.strip() });
    return { model, pruning, ...data };
  }

  const schedules: [string, ScheduleSpec][] = [
    ['polynomial-decay', { type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.9, startEpoch: 0, endEpoch: 4 }],
    ['one-shot', { type: 'one-shot', sparsity: 0.6, epoch: 2 }],
    ['iterative', { type: 'iterative', finalSparsity: 0.8, rounds: 3, startEpoch: 1, epochsPerRound: 1 }],
  ];

  it.each(schedules)('gives every kernel exactly round(s·n) zeros at each epoch: %s', async (_name, schedule) => {
    const { model, pruning, x, y } = setup(oneLayerConfig(schedule));
    const seen: Record<string, number>[] = [];
    await model.fit(x, y, {
      epochs: 6,
      batchSize: 8,
      verbose: 0,
      callbacks: [pruning, new tfl.CustomCallback({ onEpochEnd: async () => void seen.push(kernelZeros(model)) })],
    });
    const s = createSchedule(schedule);
    const expected = [0, 1, 2, 3, 4, 5].map((epoch) =>
      Object.fromEntries(
        Object.entries(KERNEL_SIZES).map(([layer, n]) => [layer, Math.min(Math.round(s.sparsityAt(epoch) * n), n - 1)]),
      ),
    );
    expect(seen).toEqual(expected);
  });

  it('keeps pruned weights at zero at every batch end, even for callbacks that run before it', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }));
    const violations: string[] = [];
    const checkMasks = async (batch: number) => {
      for (const [layer, indices] of Object.entries(prunedIndices(pruning))) {
        const values = findPrunableWeights(model, { include: [layer] })[0]!.variable.dataSync();
        if (indices.some((i) => values[i] !== 0)) violations.push(`batch ${batch} ${layer}`);
      }
    };
    await model.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: [new tfl.CustomCallback({ onBatchEnd: checkMasks }), pruning],
    });
    expect(violations).toEqual([]);
    expect(Object.values(prunedIndices(pruning)).map((i) => i.length)).toEqual([12, 15, 8]);
  });

  it('validation after the last batch already sees masked weights', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }));
    // tfjs runs validation for the last batch before onBatchEnd; count violations from inside
    // the model's forward pass instead of from a callback.
    const kernel = findPrunableWeights(model, { include: ['hidden1'] })[0]!.variable;
    const layer = model.getLayer('hidden1');
    const originalCall = layer.call.bind(layer);
    let unmaskedForwardPasses = 0;
    layer.call = (inputs, kwargs) => {
      const store = pruning.maskStore;
      const mask = store?.targets[0] === undefined ? undefined : store.keepMask(store.targets[0]);
      const values = kernel.dataSync();
      if (mask?.some((k, i) => k === 0 && values[i] !== 0)) unmaskedForwardPasses++;
      return originalCall(inputs, kwargs);
    };
    await model.fit(x, y, { epochs: 2, batchSize: 8, validationSplit: 0.25, verbose: 0, callbacks: [pruning] });
    expect(unmaskedForwardPasses).toBe(0);
  });

  it('keeps enforcing masks after fit (trainOnBatch) and stops after strip()', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }));
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [pruning] });
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual({ hidden1: 12, hidden2: 15, logits: 8 });
    pruning.strip();
    expect(kernelZeros(model)).toEqual({ hidden1: 12, hidden2: 15, logits: 8 });
    await model.trainOnBatch(x, y);
    const after = kernelZeros(model);
    expect(after.hidden1! + after.hidden2! + after.logits!).toBeLessThan(35);
    expect(() => pruning.strip()).not.toThrow();
  });

  it('drives a custom training loop through attach() and the epoch hooks, as the README shows', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'iterative', finalSparsity: 0.75, rounds: 2 }));
    pruning.attach(model);
    const loss = () => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar;
    const seen: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      await pruning.onEpochBegin(epoch);
      for (let step = 0; step < 2; step++) tf.dispose(model.optimizer.minimize(loss, true) ?? []);
      await pruning.onEpochEnd(epoch);
      seen.push(kernelZeros(model).hidden2!);
    }
    // iterative 75% in 2 rounds: 50% after round 1 (epoch 0), 75% after round 2 (epoch 1);
    // 75% of 30 weights is 22.5, and counts round half to even (as torch and TFMOT): 22.
    expect(seen).toEqual([15, 22, 22]);
  });

  /**
   * A Sequential trains through a functional model it wraps and rebuilds at every compile; fit
   * hands callbacks that inner model. attach(sequential) and fit must agree they are one model,
   * and the hook must stay on the Sequential so a recompile is followed.
   */
  it('treats a Sequential and the model it wraps as one, and follows its recompiles after attach', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }));
    pruning.attach(model);
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [pruning] });
    model.compile({ optimizer: tf.train.adam(0.1), loss: 'categoricalCrossentropy' });
    owned.push(model.optimizer);
    for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual({ hidden1: 12, hidden2: 15, logits: 8 });
    await model.fit(x, y, { epochs: 2, initialEpoch: 1, batchSize: 16, verbose: 0, callbacks: [pruning] });
    expect(kernelZeros(model)).toEqual({ hidden1: 12, hidden2: 15, logits: 8 });
  });

  it('reaches the total with global scope while layers differ', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.7 }, { scope: 'global' }));
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [pruning] });
    const zeros = kernelZeros(model);
    expect(zeros.hidden1! + zeros.hidden2! + zeros.logits!).toBe(Math.round(0.7 * 69));
  });

  it('prunes Conv2D and Dense kernels in a functional model, pruner by pruner', async () => {
    const input = tfl.input({ shape: [6, 6, 1] });
    const conv = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv', activation: 'relu' }).apply(input);
    const flat = tfl.layers.flatten().apply(conv);
    const out = tfl.layers.dense({ units: 2, name: 'out', activation: 'softmax' }).apply(flat) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    seedWeights(model, 3);
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(Array.from({ length: 8 * 36 }, (_, i) => Math.sin(i)), [8, 6, 6, 1]);
    const y = tf.tensor2d(Array.from({ length: 16 }, (_, i) => (i % 2 === (Math.floor(i / 2) % 2) ? 1 : 0)), [8, 2]);
    const pruning = new PruningCallback({
      pruners: [
        { name: 'convs', layers: { classes: ['Conv2D'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
        { name: 'head', layers: { include: ['out'] }, schedule: { type: 'one-shot', sparsity: 0.75, epoch: 1 } },
      ],
    });
    owned.push(model, x, y, { dispose: () => pruning.strip() });
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [pruning] });
    expect(kernelZeros(model)).toEqual({ conv: 18, out: 96 });
  });

  it('emits maskUpdate, epochEnd and trainEnd with their payloads', async () => {
    const { model, pruning, x, y } = setup({
      pruners: [
        { name: 'hidden', layers: { include: ['hidden*'] }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } },
        { name: 'out', layers: { include: ['logits'] }, schedule: { type: 'one-shot', sparsity: 0.2, epoch: 0 } },
      ],
    });
    const updates: MaskUpdateEvent[] = [];
    const epochs: EpochEndEvent[] = [];
    let trainEnds = 0;
    pruning.on('maskUpdate', (e) => updates.push(e)).on('epochEnd', (e) => epochs.push(e)).on('trainEnd', (e) => {
      trainEnds++;
      expect(e.report.pruners.map((p) => [p.name, p.pruned, p.size])).toEqual([
        ['hidden', 27, 54],
        ['out', 3, 15],
      ]);
    });
    await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [pruning] });
    expect(updates).toEqual([
      {
        epoch: 0,
        pruner: 'out',
        targetSparsity: 0.2,
        targets: [{ layer: 'logits', path: 'logits', weight: 'kernel', size: 15, targetSparsity: 0.2, sparsity: 0.2 }],
      },
      {
        epoch: 1,
        pruner: 'hidden',
        targetSparsity: 0.5,
        targets: [
          { layer: 'hidden1', path: 'hidden1', weight: 'kernel', size: 24, targetSparsity: 0.5, sparsity: 0.5 },
          { layer: 'hidden2', path: 'hidden2', weight: 'kernel', size: 30, targetSparsity: 0.5, sparsity: 0.5 },
        ],
      },
    ]);
    expect(epochs).toEqual([
      { epoch: 0, sparsity: 3 / 69, pruners: { hidden: 0, out: 0.2 } },
      { epoch: 1, sparsity: 30 / 69, pruners: { hidden: 0.5, out: 0.2 } },
    ]);
    expect(trainEnds).toBe(1);
  });

  it('a throwing listener does not stop training and is reported once', async () => {
    const reported: string[] = [];
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }), {
      onListenerError: (error: unknown, event: string) => reported.push(`${event}: ${(error as Error).message}`),
    });
    let calls = 0;
    pruning.on('epochEnd', () => {
      calls++;
      throw new Error('boom');
    });
    await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [pruning] });
    expect(calls).toBe(3);
    expect(reported).toEqual(['epochEnd: boom']);
  });

  it('resumes a schedule at initialEpoch even off an update epoch', async () => {
    const schedule: ScheduleSpec = { type: 'polynomial-decay', finalSparsity: 0.8, startEpoch: 0, endEpoch: 6, frequency: 3 };
    const { model, pruning, x, y } = setup(oneLayerConfig(schedule));
    const updates: [number, number][] = [];
    pruning.on('maskUpdate', (e) => updates.push([e.epoch, e.targetSparsity]));
    await model.fit(x, y, { epochs: 6, initialEpoch: 4, batchSize: 16, verbose: 0, callbacks: [pruning] });
    const s = createSchedule(schedule);
    expect(updates).toEqual([[4, s.sparsityAt(4)]]);
    expect(s.sparsityAt(4)).toBe(s.sparsityAt(3));
    expect(kernelZeros(model).hidden1).toBe(Math.round(s.sparsityAt(4) * 24));
  });

  it('creates no tensors that outlive a fit beyond its masks', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'polynomial-decay', finalSparsity: 0.5, endEpoch: 2 }));
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [pruning] });
    const afterFirst = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [pruning] });
    expect(tf.memory().numTensors).toBe(afterFirst);
    const masks = tf.memory().numTensors;
    pruning.strip();
    expect(tf.memory().numTensors).toBe(masks - 3);
  });

  it('reports per-layer sparsity and what the masks cost', async () => {
    const { model, pruning, x, y } = setup(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }));
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [pruning] });
    const report = pruning.report();
    expect(report.maskBytes).toBe(69);
    expect(report.maskMemoryRatio).toBe(0.25);
    expect(pruning.formatReport()).toBe(
      [
        'pruner  layer    weight  shape  params  kept  target  sparsity',
        '------  -------  ------  -----  ------  ----  ------  --------',
        'all     hidden1  kernel  4x6        24    12   50.0%     50.0%',
        'all     hidden2  kernel  6x5        30    15   50.0%     50.0%',
        'all     logits   kernel  5x3        15     7   50.0%     53.3%',
        '',
        'model: 48 of 83 parameters nonzero (42.2% sparse, biases included)',
        "masks: 69 bytes, 25.0% of the masked weights' float32 bytes",
      ].join('\n'),
    );
  });
});

describe('PruningCallback errors', () => {
  it('throws PruningConfigError at construction for an invalid config', () => {
    expect(() => new PruningCallback({ pruners: [{ schedule: { type: 'one-shot', sparsity: 1.5 } }] })).toThrow(PruningConfigError);
  });

  it('rejects fit with the pruner, its pattern and the prunable layers when nothing matches', async () => {
    const model = compiled();
    const { x, y } = tinyData(8);
    const pruning = new PruningCallback({
      pruners: [{ name: 'convs', layers: { include: ['conv*'] }, schedule: { type: 'one-shot', sparsity: 0.5 } }],
    });
    const fit = model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [pruning] });
    await expect(fit).rejects.toThrow(PruningBindError);
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [pruning] })).rejects.toThrow(
      'pruner "convs" matches no prunable weight (layers.include ["conv*"])\n' +
        "The model's prunable layers: hidden1 (Dense: kernel), hidden2 (Dense: kernel), logits (Dense: kernel)",
    );
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('refuses a weight claimed by two pruners', () => {
    const model = compiled();
    const pruning = new PruningCallback({
      pruners: [
        { name: 'a', layers: { include: ['hidden*'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
        { name: 'b', layers: { include: ['hidden2', 'logits'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
      ],
    });
    expect(() => pruning.attach(model)).toThrow(
      'pruner "b" claims hidden2/kernel, already claimed by pruner "a": a weight can belong to one pruner only ' +
        '(narrow "layers.include" or add "layers.exclude")',
    );
    model.dispose();
  });

  it('refuses to prune a second model with the same callback', () => {
    const first = compiled();
    const second = compiled(tinyMlp(2));
    const pruning = new PruningCallback(oneLayerConfig({ type: 'one-shot', sparsity: 0.5 }));
    pruning.attach(first);
    expect(() => pruning.attach(second)).toThrow(
      `this PruningCallback is bound to model "${first.name}" and cannot prune "${second.name}" too: create one PruningCallback per model`,
    );
    pruning.strip();
    first.dispose();
    second.dispose();
  });

  it('loads a config file and names the file in errors', async () => {
    const fromExample = await pruningCallbackFromFile('examples/schedules/lenet-300-100.json');
    expect(fromExample.config.pruners.map((p) => p.name)).toEqual(['hidden-layers', 'output-layer']);
    await expect(pruningCallbackFromFile('does-not-exist.json')).rejects.toThrow(/^does-not-exist\.json: /);
  });
});
