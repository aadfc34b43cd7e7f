import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import type { PruningConfig } from '@tfjs-prune/schedules';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor) => layer.apply(x) as tfl.SymbolicTensor;

/** conv1 (12 filters) → conv2 (10 filters) → GAP → logits. */
function convNet() {
  const input = tfl.input({ shape: [4, 4, 2] });
  let x = apply(L.conv2d({ name: 'conv1', filters: 12, kernelSize: 3, padding: 'same', activation: 'relu' }), input);
  x = apply(L.conv2d({ name: 'conv2', filters: 10, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  x = apply(L.globalAveragePooling2d({}), x);
  const model = tfl.model({ inputs: input, outputs: apply(L.dense({ name: 'logits', units: 2, activation: 'softmax' }), x) });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

const config = (roundTo?: number): PruningConfig => ({
  pruners: [{
    name: 'p',
    layers: { include: ['conv*'] },
    granularity: roundTo === undefined ? 'structured' : { type: 'structured', roundTo },
    schedule: { type: 'one-shot', sparsity: 0.5 },
  }],
});

async function prune(roundTo?: number) {
  const model = convNet();
  const pruning = new PruningCallback(config(roundTo));
  const x = tf.randomNormal([4, 4, 4, 2], 0, 1, 'float32', 3);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2));
  await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, callbacks: [pruning] });
  tf.dispose([x, y]);
  return { model, pruning };
}

describe('structured roundTo on a real fit', () => {
  /** Half of 12 is 6 and half of 10 is 5: both are rounded up to 8 kept, and compaction makes them 8 wide. */
  it('keeps multiples of roundTo, says so in the report, and compacts to those widths', async () => {
    const before = tf.memory().numTensors;
    const { model, pruning } = await prune(4);
    const report = pruning.report().pruners[0]!;
    expect(report.granularity).toBe('structured, roundTo 4');
    expect(report.channels).toEqual([
      { family: 'conv1', channels: 12, kept: 8 },
      { family: 'conv2', channels: 10, kept: 8 },
    ]);
    expect(pruning.formatReport().split('\n')).toContain('p: channels kept conv1 8/12, conv2 8/10');
    const { model: small, report: compaction } = await compactPruned(pruning);
    expect(compaction.layers.filter((l) => l.layer.startsWith('conv')).map((l) => [l.layer, l.before, l.after])).toEqual([
      ['conv1', 12, 8],
      ['conv2', 10, 8],
    ]);
    small.dispose();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without roundTo the same schedule keeps 6 and 5', async () => {
    const { model, pruning } = await prune();
    expect(pruning.report().pruners[0]!.channels.map((c) => c.kept)).toEqual([6, 5]);
    pruning.strip();
    // After strip the counts come from the zeros in the weights.
    expect(pruning.report().pruners[0]!.channels.map((c) => c.kept)).toEqual([6, 5]);
    model.dispose();
  });
});
