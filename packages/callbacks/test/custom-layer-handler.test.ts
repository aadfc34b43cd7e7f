import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { type ChannelHandler, channelGraph, countMacs, registerLayer, unregisterLayer } from '@tfjs-prune/core';
import { describeUnitLayers, prunableLayerClasses } from '@tfjs-prune/core/internal';
import type { PruningConfig } from '@tfjs-prune/schedules';

/** A user's own fully connected layer, y = x·kernel + bias, saved and reloaded by its class name. */
class UserDense extends tfl.layers.Layer {
  static className = 'UserDense';
  readonly units: number;
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(config: { units: number; name?: string; inputShape?: tfl.Shape }) {
    super(config);
    this.units = config.units;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    this.kernel = this.addWeight('kernel', [shape[shape.length - 1] as number, this.units], 'float32', tfl.initializers.zeros());
    this.bias = this.addWeight('bias', [this.units], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(tf.matMul(Array.isArray(inputs) ? inputs[0]! : inputs, this.kernel!.read()), this.bias!.read()));
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0] ?? null, this.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}
tf.serialization.registerClass(UserDense);

/** How channels flow through UserDense: input channels on kernel rows, a fresh channel per unit. */
const userDenseChannels: ChannelHandler = {
  kind: 'producer',
  trace(call, tracer) {
    tracer.attach(call.inputs[0] ?? [], 'in', (positions) => [{ weight: 'kernel', axis: 0, indices: positions }], 0);
    const out = tracer.fresh((call.layer as UserDense).units);
    tracer.attach(out, 'out', (positions) => [
      { weight: 'kernel', axis: 1, indices: positions },
      { weight: 'bias', axis: 0, indices: positions },
    ]);
    return [out];
  },
  resize(config, outChannels) {
    config['units'] = outChannels;
  },
};

const register = () =>
  registerLayer('UserDense', { weights: [{ name: 'kernel', unitAxis: -1 }], channels: userDenseChannels, macs: (call) => call.sizes['kernel'] ?? 0 });

/**
 * x[4] → UserDense "mine" (6 units) → ReLU → Dense "head" (2). Units 1, 3, 5 of "mine" are small
 * everywhere (their kernel columns, bias entries and the head's rows reading them), so any sane
 * ranking removes exactly those; kernel entries have distinct magnitudes for unstructured.
 */
function userModel(): tfl.LayersModel {
  const x = tfl.input({ shape: [4], name: 'x' });
  const mine = new UserDense({ units: 6, name: 'mine' }).apply(x) as tfl.SymbolicTensor;
  const relu = tfl.layers.reLU({ name: 'relu' }).apply(mine) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: x, outputs: tfl.layers.dense({ units: 2, name: 'head' }).apply(relu) as tfl.SymbolicTensor });
  const small = (unit: number) => unit % 2 === 1;
  tf.tidy(() => {
    const kernel = Array.from({ length: 24 }, (_, i) => (small(i % 6) ? 0.01 : 1) * (1 + i / 24) * (i % 4 === 0 ? -1 : 1));
    model.getLayer('mine').setWeights([tf.tensor2d(kernel, [4, 6]), tf.tensor1d([0.5, 0.01, 0.4, 0.02, 0.3, 0.03])]);
    const head = Array.from({ length: 12 }, (_, i) => (small(Math.floor(i / 2)) ? 0.01 : 0.5 + i / 12));
    model.getLayer('head').setWeights([tf.tensor2d(head, [6, 2]), tf.tensor1d([0.1, -0.1])]);
  });
  return model;
}

function prune(model: tfl.LayersModel, config: PruningConfig): Promise<PruningCallback> {
  const pruning = new PruningCallback(config);
  pruning.attach(model);
  return pruning.onEpochBegin(0).then(() => pruning.onEpochEnd(0)).then(() => pruning);
}

const oneShot = { type: 'one-shot', sparsity: 0.5 } as const;

/**
 * The claim of issue 18: a new layer class is one `registerLayer` call (a handler: its prunable
 * weights with their unit axis, and how channels flow through it and resize), and with that one
 * call it gets unstructured and structured pruning, channel-graph tracing and compaction.
 */
describe('a custom layer class registered once with registerLayer', () => {
  beforeAll(register);
  afterAll(() => unregisterLayer('UserDense'));

  it('is unknown to pruning and to the channel graph until it is registered', () => {
    unregisterLayer('UserDense');
    const model = userModel();
    try {
      expect(prunableLayerClasses()).not.toContain('UserDense');
      const graph = channelGraph(model);
      expect(graph.families).toEqual([]);
      expect(graph.skipped.find((s) => s.family === 'mine')).toEqual({
        family: 'mine',
        channels: 6,
        reasons: ['layer "mine" (UserDense) is not known to the channel graph; registerLayer can teach it'],
      });
    } finally {
      model.dispose();
      register();
    }
    expect(prunableLayerClasses().at(-1)).toBe('UserDense');
    expect(describeUnitLayers()).toMatch(/, UserDense$/);
  });

  it('gets unstructured pruning: the 12 smallest of its 24 kernel entries', async () => {
    const model = userModel();
    const before = tf.memory().numTensors;
    const pruning = await prune(model, { pruners: [{ name: 'mine', layers: { classes: ['UserDense'] }, schedule: oneShot }] } as PruningConfig);
    expect(pruning.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toEqual(['mine/kernel']);
    const kernel = model.getLayer('mine').getWeights()[0]!.dataSync();
    // Units 1, 3, 5 hold the 12 smallest magnitudes (0.01·…): exactly their columns are zero.
    expect([...kernel].flatMap((v, i) => (v === 0 ? [i] : []))).toEqual([...Array(24).keys()].filter((i) => (i % 6) % 2 === 1));
    pruning.strip();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('gets its channels traced, structured pruning by channel groups, compaction with equal predictions, and its MACs counted', async () => {
    const model = userModel();
    const graph = channelGraph(model);
    expect(graph.families.map((f) => [f.name, f.groups.length])).toEqual([['mine', 6]]);
    const before = tf.memory().numTensors;
    const pruning = await prune(model, { pruners: [{ name: 'units', layers: { include: ['mine'] }, granularity: 'structured', schedule: oneShot }] } as PruningConfig);
    expect(pruning.maskStore!.targets.map((t) => `${t.path}/${t.weight}`)).toEqual(['mine/kernel', 'mine/bias', 'head/kernel']);
    const [kernel, bias] = model.getLayer('mine').getWeights().map((w) => [...w.dataSync()]);
    expect([...Array(6).keys()].filter((u) => kernel!.every((v, i) => i % 6 !== u || v === 0))).toEqual([1, 3, 5]);
    expect(bias).toEqual([0.5, 0, 0.4, 0, 0.3, 0].map(Math.fround));

    pruning.strip();
    expect(tf.memory().numTensors).toBe(before);
    const { model: small, report } = await compactPruned(pruning);
    expect(report.layers).toEqual([{ layer: 'mine', layerClass: 'UserDense', before: 6, after: 3 }]);
    // Its MAC rule counts it too: 4·6 + 6·2 before, 4·3 + 3·2 after.
    expect(report.macs).toEqual({ before: 36, after: 18 });
    expect(countMacs(small).total).toBe(18);
    // Three units: 4 kernel entries and a bias each, and the head's row of 2 reading each.
    expect(model.countParams() - small.countParams()).toBe(3 * (4 + 1) + 3 * 2);
    const x = tf.tensor2d([[1, -2, 0.5, 3], [0, 1, -1, 2]]);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-6);
    x.dispose();
    small.dispose();
    model.dispose();
  });
});
