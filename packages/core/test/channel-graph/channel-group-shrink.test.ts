import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';

import { tf } from '../support/cpu-backend.js';
import { seedWeights } from '../support/models.js';
import { channelGraph, findPrunableWeights } from '@tfjs-prune/core';
import { ChannelGroupShrink } from '../../src/channel-graph/channel-group-shrink.js';
import { type ChannelTargets, channelTargets } from '../../src/channel-graph/channel-targets.js';
import { sliceOffsets } from '../../src/channel-graph/slice-offsets.js';

/**
 * c1 (conv 3×3, 4 filters) → bn1 → dw (depthwise 3×3) → bn2 → c2 (conv 1×1, 3 filters) → flat
 * → logits. c2's kernel holds slices of both families (input axis in c1's, output axis in its
 * own); logits reads each of c2's channels at 36 flattened positions, so c2's groups are much
 * larger than c1's (two buckets of widths).
 */
function convNet(): tfl.LayersModel {
  const L = tfl.layers;
  const layers = [
    L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1', inputShape: [6, 6, 2] }),
    L.batchNormalization({ name: 'bn1' }),
    L.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw' }),
    L.batchNormalization({ name: 'bn2' }),
    L.conv2d({ filters: 3, kernelSize: 1, name: 'c2' }),
    L.flatten({ name: 'flat' }),
    L.dense({ units: 2, name: 'logits' }),
  ];
  const model = tfl.sequential({ layers });
  seedWeights(model, 5);
  return model;
}

/** Group norms and the shrunk weights in float64, straight from the formula: the specification. */
function reference(channels: ChannelTargets, threshold: number) {
  const values = new Map([...channels.byVariable].map(([name, t]) => [name, Float64Array.from(t.variable.dataSync())]));
  const shrunk = new Map([...values].map(([name, v]) => [name, Float64Array.from(v)]));
  const norms: number[] = [];
  for (const group of channels.families.flatMap((f) => f.groups)) {
    const entries = group.members
      .filter((m) => m.masked && channels.byVariable.get(m.variable)?.frozen !== true)
      .flatMap((m) => sliceOffsets(m.shape, m.axis, m.indices).map((offset) => [m.variable, offset] as const));
    const norm = Math.sqrt(entries.reduce((sum, [name, offset]) => sum + values.get(name)![offset]! ** 2, 0));
    norms.push(norm);
    for (const [name, offset] of entries) shrunk.get(name)![offset]! *= Math.max(0, 1 - threshold / norm);
  }
  return { norms, shrunk };
}

describe('ChannelGroupShrink', () => {
  afterAll(() => tf.setBackend('cpu'));

  /**
   * The device step against the float64 formula, on every backend tests can reach: conv
   * kernels sliced along two axes get both factors, depthwise filters and both BNs' γ/β shrink
   * with their channel, moving statistics and the logits' bias do not move, and the groups below
   * ηλ go to exactly zero.
   */
  it.each(['cpu', 'wasm'])('on %s: matches the formula over conv kernels, BN, depthwise and flattened consumers', async (backend) => {
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const model = convNet();
    const channels = channelTargets(model, channelGraph(model), ['c1', 'c2'], findPrunableWeights(model, { include: ['c1', 'c2'] }));
    expect(channels.families.map((f) => f.name)).toStrictEqual(['c1', 'c2']);
    const { norms } = reference(channels, 1);
    const sorted = [...norms].sort((a, b) => a - b);
    // Between the 2nd and 3rd smallest norms: two of c1's channels go, every other channel
    // shrinks, so c2's kernel shows both its factors.
    const threshold = (sorted[1]! + sorted[2]!) / 2;
    const groups = channels.families.flatMap((f) => f.groups);
    expect(groups.filter((_, i) => norms[i]! < threshold).map((g) => g.id)).toStrictEqual(['c1#1', 'c1#2']);
    const { shrunk } = reference(channels, threshold);
    const untouched = [['bn1', 'moving_mean'], ['bn2', 'moving_variance'], ['logits', 'bias']].map(
      ([layer, weight]) => model.getLayer(layer!).weights.find((w) => w.originalName.endsWith(`/${weight!}`))!,
    );
    const before = untouched.map((w) => [...w.read().dataSync()]);

    const baseline = tf.memory().numTensors;
    const shrink = new ChannelGroupShrink(channels);
    expect(shrink.groupCount).toBe(7);
    const owned = tf.memory().numTensors;
    shrink.step(threshold);
    expect(tf.memory().numTensors).toBe(owned);

    let zeroed = 0;
    for (const [name, target] of channels.byVariable) {
      const got = target.variable.dataSync();
      const want = shrunk.get(name)!;
      want.forEach((w, i) => {
        // The sign of a zero is left to the mask store's positive-zero pass.
        if (w === 0) expect(Math.abs(got[i]!), `${name}[${i}]`).toBe(0);
        else expect(Math.abs(got[i]! - w), `${name}[${i}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(w)));
      });
      zeroed += want.filter((w) => w === 0).length;
    }
    expect(zeroed).toBeGreaterThan(0);
    expect(untouched.map((w) => [...w.read().dataSync()])).toStrictEqual(before);

    shrink.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });

  it('does nothing for pruners whose groups have no trainable member', () => {
    const model = convNet();
    for (const layer of model.layers) layer.trainable = false;
    const channels = channelTargets(model, channelGraph(model), ['c1', 'c2'], findPrunableWeights(model, { include: ['c1', 'c2'] }));
    const before = model.weights.map((w) => [...w.read().dataSync()]);
    const baseline = tf.memory().numTensors;
    const shrink = new ChannelGroupShrink(channels);
    expect(shrink.groupCount).toBe(0);
    shrink.step(100);
    expect(model.weights.map((w) => [...w.read().dataSync()])).toStrictEqual(before);
    shrink.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });
});
