import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import '@tfjs-prune/callbacks/budget';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { compactPruned } from '@tfjs-prune/callbacks/compact';
import { countMacs } from '@tfjs-prune/core';

import { loadNsfwjsModel } from '../support/nsfwjs-model.js';

/**
 * A real Keras MobileNetV2 (224×224, as nsfwjs ships it): the graph a user brings, not one we
 * built to suit us. Fine-tuning freezes its lower blocks; a MAC target prunes every channel family
 * the graph allows, and compaction must give the same predictions with the MACs the report said.
 */
describe('a pretrained Keras MobileNetV2 pruned to half its MACs', () => {
  it('allocates across its 27 channel families, compacts to within 1% under the target, and predicts as the masked model', async () => {
    await selectBackend('wasm', { log: false });
    const before = tf.memory().numTensors;
    const model = await loadNsfwjsModel('mobilenet_v2');
    for (const layer of model.layers.slice(0, model.layers.findIndex((l) => l.name === 'block_6_expand'))) layer.trainable = false;
    const dense = countMacs(model).total;
    expect(dense).toBe(299_855_360);

    const pruning = new PruningCallback({
      target: { macs: 0.5 },
      pruners: [{ name: 'channels', layers: { classes: ['Conv2D', 'Dense'] }, granularity: 'structured', schedule: { type: 'one-shot', epoch: 0 } }],
    });
    pruning.attach(model);
    await pruning.onEpochBegin(0);
    const report = pruning.report();
    expect(report.target).toEqual({ metric: 'macs', keep: 0.5, dense, target: dense / 2, achieved: 149_927_635 });
    // Frozen layers are pruned too (weights of 99 of the 161 selected are frozen): 10 of Conv1's 32 filters.
    const targets = report.pruners[0]!.targets;
    expect(targets.filter((t) => t.frozen)).toHaveLength(99);
    expect(targets.find((t) => t.layer === 'Conv1')).toMatchObject({ weight: 'kernel', pruned: 270, frozen: true });
    const families = report.pruners[0]!.channels;
    expect(families).toHaveLength(27);
    expect(families.slice(0, 3).map((f) => `${f.family} ${f.kept}/${f.channels}`)).toEqual(['Conv1 22/32', 'expanded_conv_project 11/16', 'block_1_expand 66/96']);

    const images = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 7);
    const masked = model.predict(images) as tf.Tensor;
    const { model: small } = await compactPruned(pruning);
    const compacted = small.predict(images) as tf.Tensor;
    const largestDifference = tf.tidy(() => tf.max(tf.abs(tf.sub(masked, compacted))).dataSync()[0]);
    expect(largestDifference).toBeLessThan(1e-5);

    // 589,568 MACs fewer than the allocation counted: 11 of Conv1's 32 filters are all zeros in
    // the shipped weights, the allocation kept one of them as a live channel, and compaction folds
    // its constant output into the next layer's bias.
    const macs = countMacs(small).total;
    expect(macs).toBe(149_338_067);
    expect(macs).toBeLessThanOrEqual(dense / 2);
    expect(macs / (dense / 2)).toBeGreaterThan(0.99);

    tf.dispose([images, masked, compacted]);
    small.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
