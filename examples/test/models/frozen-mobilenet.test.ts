import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { PruningCallback } from '@tfjs-prune/callbacks';
import type { LayerSelector } from '@tfjs-prune/schedules';

import { mobilenetMnist } from '../../src/models/mobilenet-mnist.js';

/**
 * The reproduction, at the size of our MobileNetV2-style net: transfer learning freezes
 * the lower layers, and `classes: ["Conv2D"]` must prune every Conv2D it matches (10 here), not
 * only the 5 that still train; `trainable: true` is how a config asks for those 5 alone.
 */
const FROZEN = ['stem', 'block1_expand', 'block1_project', 'block2_expand', 'block2_project'];

function frozenMobilenet(): tfl.LayersModel {
  const model = mobilenetMnist(1);
  for (const layer of model.layers) if (FROZEN.some((name) => layer.name.startsWith(name))) layer.trainable = false;
  return model;
}

const halfZeros = (model: tfl.LayersModel): string[] =>
  model.layers
    .filter((layer) => layer.getClassName() === 'Conv2D')
    .filter((layer) => {
      const kernel = layer.getWeights()[0]!.dataSync();
      return kernel.filter((v) => v === 0).length === Math.round(kernel.length / 2);
    })
    .map((layer) => layer.name);

describe('a MobileNetV2-style net with frozen lower layers', () => {
  it.each([
    [{}, 10],
    [{ trainable: true }, 5],
  ] as [Omit<LayerSelector, 'classes'>, number][])('classes ["Conv2D"] and %j mask %i Conv2D layers', async (extra, masked) => {
    await tf.setBackend('cpu');
    const model = frozenMobilenet();
    const before = tf.memory().numTensors;
    const pruning = new PruningCallback({
      pruners: [{ name: 'convs', layers: { classes: ['Conv2D'], ...extra }, schedule: { type: 'one-shot', sparsity: 0.5 } }],
    });
    pruning.attach(model);
    pruning.engine.beginEpoch(0);
    const pruned = halfZeros(model);
    expect(pruned).toHaveLength(masked);
    const frozen = pruning.report().pruners[0]!.targets.filter((t) => t.frozen).map((t) => t.layer);
    expect(frozen).toEqual(masked === 10 ? FROZEN : []);
    pruning.strip();
    expect(tf.memory().numTensors).toBe(before);
    model.optimizer?.dispose();
    model.dispose();
  });
});
