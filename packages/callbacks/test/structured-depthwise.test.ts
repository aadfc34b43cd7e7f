import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import type { PruningConfigInput } from '@tfjs-prune/schedules';

const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });

/** expand (1×1, 8) → BN → ReLU6 → dw (3×3 depthwise) → BN → ReLU6 → project (1×1, 6) → GAP → logits: MobileNetV2's block. */
function mobileNetBlock(): tfl.LayersModel {
  const input = tfl.input({ shape: [5, 5, 3] });
  const layers = [
    tfl.layers.conv2d({ name: 'expand', filters: 8, kernelSize: 1, useBias: false, kernelInitializer: seeded(1) }),
    tfl.layers.batchNormalization({ name: 'expand_bn' }),
    tfl.layers.reLU({ maxValue: 6 }),
    tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: seeded(2) }),
    tfl.layers.batchNormalization({ name: 'dw_bn' }),
    tfl.layers.reLU({ maxValue: 6 }),
    tfl.layers.conv2d({ name: 'project', filters: 6, kernelSize: 1, kernelInitializer: seeded(3) }),
    tfl.layers.globalAveragePooling2d({}),
    tfl.layers.dense({ name: 'logits', units: 2, activation: 'softmax', kernelInitializer: seeded(4) }),
  ];
  const output = layers.reduce<tfl.SymbolicTensor>((h, layer) => layer.apply(h) as tfl.SymbolicTensor, input);
  const model = tfl.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

const structured = (layers?: { include: string[] }): PruningConfigInput => ({
  pruners: [{ name: 'channels', ...(layers === undefined ? {} : { layers }), granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } }],
});

/** Channels (last axis) of a weight whose every entry is zero. */
function zeroChannels(weight: tf.Tensor): number[] {
  const values = weight.dataSync();
  const channels = weight.shape[weight.shape.length - 1]!;
  return [...Array(channels).keys()].filter((c) => values.every((v, i) => i % channels !== c || v === 0));
}

/**
 * Structured pruning with no layer filter failed on any MobileNet: the DepthwiseConv2D in the
 * selection was a bind error ("cannot prune layer dw"), although its filters are members of the
 * expand layer's channel groups (Torch-Pruning treats depthwise layers the same way).
 */
describe('structured pruning of a MobileNet-style block with no layer filter', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  it('binds, masks the depthwise filters with the expand channels, and compacts exactly', async () => {
    const model = mobileNetBlock();
    const x = tf.tensor4d(Array.from({ length: 8 * 5 * 5 * 3 }, (_, i) => Math.sin(i * 0.41)), [8, 5, 5, 3]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 1, 0], 'int32'), 2));
    owned.push(model, x, y);
    const pruning = new PruningCallback(structured());
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [pruning] });

    expect(pruning.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toStrictEqual([
      'expand/kernel', 'expand_bn/gamma', 'expand_bn/beta', 'dw/depthwise_kernel', 'dw_bn/gamma', 'dw_bn/beta',
      'project/kernel', 'project/bias', 'logits/kernel',
    ]);
    const expandPruned = zeroChannels(model.getLayer('expand').getWeights()[0]!);
    expect(expandPruned).toHaveLength(4);
    // The depthwise kernel is [3, 3, 8, 1]: its channel axis is 2, the expand channels.
    const dwKernel = tf.transpose(model.getLayer('dw').getWeights()[0]!, [0, 1, 3, 2]);
    expect(zeroChannels(dwKernel)).toStrictEqual(expandPruned);
    dwKernel.dispose();
    expect(zeroChannels(model.getLayer('project').getWeights()[0]!)).toHaveLength(3);
    // logits' units are the model's output: left alone, and said so.
    expect(pruning.report().pruners[0]!.untouched.map((u) => u.layer)).toStrictEqual(['logits']);

    pruning.strip();
    const probe = tf.tensor4d(Array.from({ length: 3 * 5 * 5 * 3 }, (_, i) => Math.cos(i * 0.23)), [3, 5, 5, 3]);
    owned.push(probe);
    const before = tf.memory().numTensors;
    const { model: small, report } = await compactPruned(pruning);
    expect(report.layers.filter((l) => l.before !== l.after).map((l) => [l.layer, l.before, l.after])).toStrictEqual([
      ['expand', 8, 4],
      ['project', 6, 3],
    ]);
    expect(small.getLayer('dw').getWeights()[0]!.shape).toStrictEqual([3, 3, 4, 1]);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(probe) as tf.Tensor, small.predict(probe) as tf.Tensor))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-5);
    small.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a selected depthwise layer whose producer is not selected is left alone and reported, not an error', () => {
    const model = mobileNetBlock();
    owned.push(model);
    const pruning = new PruningCallback(structured({ include: ['dw', 'project'] }));
    pruning.attach(model);
    expect(pruning.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toStrictEqual(['project/kernel', 'project/bias', 'logits/kernel']);
    expect(pruning.report().pruners[0]!.untouched).toStrictEqual([
      { layer: 'dw', reason: "it has no channels of its own and is pruned with its producers' channel groups; this pruner selects none of them (expand)" },
    ]);
    pruning.strip();
  });

  it('a depthwise layer with depthMultiplier 2 is left alone and reported with the reason, not a bind error', () => {
    const input = tfl.input({ shape: [5, 5, 3] });
    const conv = tfl.layers.conv2d({ name: 'conv', filters: 4, kernelSize: 1 }).apply(input) as tfl.SymbolicTensor;
    const dw = tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', depthMultiplier: 2 }).apply(conv) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(dw) as tfl.SymbolicTensor;
    const hidden = tfl.layers.dense({ name: 'hidden', units: 4 }).apply(pooled) as tfl.SymbolicTensor;
    const logits = tfl.layers.dense({ name: 'logits', units: 2 }).apply(hidden) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: logits });
    owned.push(model);
    const pruning = new PruningCallback(structured());
    pruning.attach(model);
    expect(pruning.report().pruners[0]!.untouched.map((u) => u.layer)).toStrictEqual(['conv', 'logits', 'dw']);
    expect(pruning.report().pruners[0]!.untouched.find((u) => u.layer === 'dw')?.reason).toBe(
      "it has no channels of its own and is pruned with its producers' channel groups; its channels are left alone: " +
        'DepthwiseConv2D "dw" has depthMultiplier 2; only 1 keeps one output channel per input channel',
    );
    pruning.strip();
  });
});
