import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import type { PruningConfig } from '@tfjs-prune/schedules';

const config = (include: string[], sparsity = 0.5): PruningConfig =>
  ({
    pruners: [{ name: 'channels', layers: { include }, granularity: 'structured', schedule: { type: 'one-shot', sparsity } }],
  }) as PruningConfig;

function images(count: number, seed: number) {
  const x = tf.tensor4d(Array.from({ length: count * 6 * 6 * 2 }, (_, i) => Math.sin(i * 0.37 + seed)), [count, 6, 6, 2]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: count }, (_, i) => (i + seed) % 2), 'int32'), 2);
  return { x, y };
}

/** Filters (last axis) of a kernel whose every entry is zero. */
function zeroColumns(values: Float32Array | Int32Array | Uint8Array, columns: number): number[] {
  return [...Array(columns).keys()].filter((c) => values.every((v, i) => i % columns !== c || v === 0));
}

/** conv1 → BN → ReLU → conv2 → GAP → logits: BN's β would make a pruned filter output a constant. */
function convBnModel() {
  const input = tfl.input({ shape: [6, 6, 2] });
  const conv1 = tfl.layers.conv2d({ name: 'conv1', filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
  const bn = tfl.layers.batchNormalization({ name: 'bn', betaInitializer: 'ones' }).apply(conv1) as tfl.SymbolicTensor;
  const relu = tfl.layers.reLU({ name: 'relu' }).apply(bn) as tfl.SymbolicTensor;
  const conv2 = tfl.layers.conv2d({ name: 'conv2', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(relu) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(conv2) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ name: 'logits', units: 2, activation: 'softmax' }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits });
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  return { model, relu };
}

describe('structured pruning by channel groups', () => {
  /**
   * The BatchNormalization bug: masking conv1's filters alone leaves BN outputting
   * β − γ·μ/σ. Group masks zero γ and β too, so after a real fit the pruned channels are exactly
   * zero after the ReLU for any input, conv2's input slices are zero, and compaction then removes
   * them with the predictions unchanged and a model stock tfjs reloads.
   */
  it('Conv2D → BN → ReLU: pruned channels output exactly zero after a real fit, and compaction keeps the predictions', async () => {
    const { model, relu } = convBnModel();
    const { x, y } = images(8, 1);
    const pruning = new PruningCallback(config(['conv1']));
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [pruning] });
    expect(pruning.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toEqual(['conv1/kernel', 'conv1/bias', 'bn/gamma', 'bn/beta', 'conv2/kernel']);

    const pruned = zeroColumns(model.getLayer('conv1').getWeights()[0]!.dataSync() as Float32Array, 4);
    expect(pruned).toHaveLength(2);
    const [gamma, beta] = model.getLayer('bn').getWeights().map((w) => w.dataSync());
    for (const c of pruned) expect([model.getLayer('conv1').getWeights()[1]!.dataSync()[c], gamma![c], beta![c]]).toEqual([0, 0, 0]);
    const conv2Kernel = model.getLayer('conv2').getWeights()[0]!.dataSync();
    // conv2's kernel is [3, 3, 4, 3]: input channel c sits at (i / 3) % 4.
    for (let i = 0; i < conv2Kernel.length; i++) if (pruned.includes(Math.floor(i / 3) % 4)) expect(conv2Kernel[i]).toBe(0);

    const probe = tfl.model({ inputs: model.inputs, outputs: relu });
    const fresh = images(5, 9);
    const activations = tf.tidy(() => (probe.predict(fresh.x) as tf.Tensor).dataSync());
    for (let i = 0; i < activations.length; i++) if (pruned.includes(i % 4)) expect(activations[i]).toBe(0);

    pruning.strip(); // compactPruned strips first anyway; here so the count below excludes the freed masks
    const before = tf.memory().numTensors;
    const { model: small, report } = await compactPruned(pruning);
    expect(report.layers.find((l) => l.layer === 'conv1')).toMatchObject({ before: 4, after: 2 });
    // Two filters of conv1 (3·3·2 + 1 each), their γ, β, mean, variance, and conv2's 3·3 input rows per output filter.
    expect(model.countParams() - small.countParams()).toBe(2 * (3 * 3 * 2 + 1) + 2 * 4 + 2 * 3 * 3 * 3);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(fresh.x) as tf.Tensor, small.predict(fresh.x) as tf.Tensor))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-5);

    let saved: tf.io.ModelArtifacts | undefined;
    await small.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const reloadDifference = tf.tidy(() => tf.max(tf.abs(tf.sub(reloaded.predict(fresh.x) as tf.Tensor, small.predict(fresh.x) as tf.Tensor))).dataSync()[0]);
    expect(reloadDifference).toBe(0);
    reloaded.dispose();
    small.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y, fresh.x, fresh.y]);
    model.dispose();
  });

  /**
   * A residual Add ties the channels of its inputs: selecting conv_a alone must zero the same
   * filters of conv_b (which the pruner did not select, but now owns), or nothing could be removed.
   */
  it('residual Add: the coupled producer loses exactly the same filters', async () => {
    const input = tfl.input({ shape: [6, 6, 2] });
    const a = tfl.layers.conv2d({ name: 'conv_a', filters: 4, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.conv2d({ name: 'conv_b', filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({}).apply([a, b]) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(tfl.layers.reLU({}).apply(sum) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const logits = tfl.layers.dense({ name: 'logits', units: 2 }).apply(pooled) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: logits });
    const pruning = new PruningCallback(config(['conv_a']));
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    expect(pruning.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toEqual(['conv_a/kernel', 'conv_a/bias', 'conv_b/kernel', 'conv_b/bias', 'logits/kernel']);
    const zeroA = zeroColumns(model.getLayer('conv_a').getWeights()[0]!.dataSync() as Float32Array, 4);
    const zeroB = zeroColumns(model.getLayer('conv_b').getWeights()[0]!.dataSync() as Float32Array, 4);
    expect(zeroA).toHaveLength(2);
    expect(zeroB).toEqual(zeroA);
    const logitsKernel = model.getLayer('logits').getWeights()[0]!.dataSync();
    expect(zeroA.flatMap((c) => [logitsKernel[c * 2], logitsKernel[c * 2 + 1]])).toEqual([0, 0, 0, 0]);
    pruning.strip();
    model.dispose();
  });

  /**
   * Concatenate shifts conv_b's channels by conv_a's 2, and Flatten spreads channel c over rows
   * p·6 + c of the Dense kernel: a wrong offset would zero rows of live channels.
   */
  it('Concatenate offsets and Flatten → Dense: the consumer loses exactly the rows of the pruned channels', async () => {
    const input = tfl.input({ shape: [2, 2, 1] });
    const a = tfl.layers.conv2d({ name: 'conv_a', filters: 2, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.conv2d({ name: 'conv_b', filters: 4, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
    const joined = tfl.layers.concatenate({}).apply([a, b]) as tfl.SymbolicTensor;
    const flat = tfl.layers.flatten({}).apply(joined) as tfl.SymbolicTensor;
    const logits = tfl.layers.dense({ name: 'logits', units: 2 }).apply(flat) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: logits });
    const pruning = new PruningCallback(config(['conv_a', 'conv_b']));
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    const zeroA = zeroColumns(model.getLayer('conv_a').getWeights()[0]!.dataSync() as Float32Array, 2);
    const zeroB = zeroColumns(model.getLayer('conv_b').getWeights()[0]!.dataSync() as Float32Array, 4);
    expect([zeroA.length, zeroB.length]).toEqual([1, 2]);
    const channels = [...zeroA, ...zeroB.map((c) => c + 2)];
    const kernel = model.getLayer('logits').getWeights()[0]!.dataSync();
    const zeroRows = [...Array(24).keys()].filter((r) => kernel[r * 2] === 0 && kernel[r * 2 + 1] === 0);
    expect(zeroRows).toEqual([0, 1, 2, 3].flatMap((p) => channels.map((c) => p * 6 + c)).sort((x, y) => x - y));
    pruning.strip();
    model.dispose();
  });

  /** A DepthwiseConv2D passes channels through: its filter and bias for a pruned channel are masked with the producer's. */
  it('DepthwiseConv2D: the pruned channels lose their depthwise filters and biases', async () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const conv = tfl.layers.conv2d({ name: 'conv', filters: 4, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
    const dw = tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', biasInitializer: 'ones' }).apply(conv) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(dw) as tfl.SymbolicTensor;
    const logits = tfl.layers.dense({ name: 'logits', units: 2 }).apply(pooled) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: logits });
    const pruning = new PruningCallback(config(['conv']));
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    const pruned = zeroColumns(model.getLayer('conv').getWeights()[0]!.dataSync() as Float32Array, 4);
    expect(pruned).toHaveLength(2);
    const [depthwise, bias] = model.getLayer('dw').getWeights().map((w) => w.dataSync());
    // The depthwise kernel is [3, 3, 4, 1]: channel c at i % 4.
    expect(zeroColumns(depthwise!, 4)).toEqual(pruned);
    expect([...bias!]).toEqual([0, 1, 2, 3].map((c) => (pruned.includes(c) ? 0 : 1)));
    pruning.strip();
    model.dispose();
  });

  /**
   * LeNet's pattern: structured hidden units, the output layer pruned by its own unstructured
   * pruner. The structured groups reach into logits' kernel (the pruned units' input rows), which
   * the second pruner owns: both masks hold, and only the selected weights are exclusive.
   */
  it('a structured pruner and another pruner on its consumer both mask the shared kernel', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu', name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfl.layers.dense({ units: 2, activation: 'softmax', name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const x = tf.tensor2d(Array.from({ length: 64 }, (_, i) => Math.sin(i * 1.7)), [16, 4]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2), 'int32'), 2);
    const pruning = new PruningCallback({
      pruners: [
        { name: 'units', layers: { include: ['hidden'] }, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } },
        { name: 'output', layers: { include: ['logits'] }, schedule: { type: 'one-shot', sparsity: 0.75 } },
      ],
    });
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning] });
    const hidden = model.getLayer('hidden').getWeights()[0]!.dataSync();
    const prunedUnits = zeroColumns(hidden as Float32Array, 8);
    expect(prunedUnits).toHaveLength(4);
    const logits = model.getLayer('logits').getWeights()[0]!.dataSync();
    // logits' kernel is [8, 2]: row u holds unit u's two outgoing weights.
    for (const u of prunedUnits) expect([logits[2 * u], logits[2 * u + 1]]).toEqual([0, 0]);
    // The output pruner's own 75% of its 16 weights: at least 12 zeros, the structured rows among them or beside them.
    expect(logits.filter((v) => v === 0).length).toBeGreaterThanOrEqual(12);
    pruning.strip();
    model.dispose();
    tf.dispose([x, y]);
  });

  /**
   * Gradient criteria score a group from the gradients accumulated for every masked member (the
   * BN parameters and conv2's input slices included), not the selected kernel alone: each must
   * prune exactly half the filters, zero them across conv1, BN and conv2, and leave no tensor.
   */
  it.each(['gradient', 'taylor', 'movement'] as const)('%s criterion: whole channel groups pruned at exactly the target', async (criterion) => {
    const { model } = convBnModel();
    const { x, y } = images(8, 2);
    const before = tf.memory().numTensors;
    const pruning = new PruningCallback({
      pruners: [{ name: 'channels', layers: { include: ['conv1'] }, criterion, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } }],
    } as PruningConfig);
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [pruning] });
    const pruned = zeroColumns(model.getLayer('conv1').getWeights()[0]!.dataSync() as Float32Array, 4);
    expect(pruned).toHaveLength(2);
    const [gamma, beta] = model.getLayer('bn').getWeights().map((w) => w.dataSync());
    for (const c of pruned) expect([gamma![c], beta![c]]).toEqual([0, 0]);
    const conv2Kernel = model.getLayer('conv2').getWeights()[0]!.dataSync();
    for (let i = 0; i < conv2Kernel.length; i++) if (pruned.includes(Math.floor(i / 3) % 4)) expect(conv2Kernel[i]).toBe(0);
    pruning.strip();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});
