import * as tfl from '@tensorflow/tfjs-layers';
import { compact } from '@tfjs-prune/compact';
import { type BudgetMetric, channelGraph, countMacs } from '@tfjs-prune/core';
import { allocateChannels } from '@tfjs-prune/core/internal';
import { applyKeepMasks, groupImportance, groupKeepMasks, weightMagnitudes } from '@tfjs-prune/core/internal';
import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { tinyConvNet } from './support/tiny-conv-net.js';
import { seedWeights } from './support/seeded.js';

const L = tfl.layers;

/** LeNet-300-100 (784 → 300 → 100 → 10), the demo's MLP. */
function lenetLike(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      L.dense({ name: 'fc1', units: 300, inputShape: [784], activation: 'relu' }),
      L.dense({ name: 'fc2', units: 100, activation: 'relu' }),
      L.dense({ name: 'logits', units: 10 }),
    ],
  });
  seedWeights(model, 5);
  return model;
}

const costOf = (model: tfl.LayersModel, metric: BudgetMetric) => (metric === 'macs' ? countMacs(model).total : model.countParams());

/** Allocates for the budget, masks the model's channels, compacts it, and returns what it costs. */
async function pruneTo(model: tfl.LayersModel, metric: BudgetMetric, keep: number, roundTo = 1) {
  const graph = channelGraph(model);
  const magnitudes = weightMagnitudes(model);
  const scores = new Map(graph.groups.map((g) => [g.id, groupImportance(g, magnitudes, 'l2')]));
  const allocation = allocateChannels(model, graph.families, scores, { metric, keep, roundTo });
  applyKeepMasks(model, groupKeepMasks(graph.groups, allocation.pruned));
  const { model: small } = await compact(model, { graph });
  const cost = costOf(small, metric);
  small.dispose();
  return { allocation, cost, graph };
}

describe('allocateChannels: a MAC or parameter budget met after compaction', () => {
  it.each([
    ['conv net', 'macs', 0.5, tinyConvNet, { dense: 1_148_032, target: 574_016, achieved: 571_014 }],
    ['conv net', 'params', 0.5, tinyConvNet, { dense: 39_546, target: 19_773, achieved: 19_721 }],
    ['LeNet-300-100', 'macs', 0.25, lenetLike, { dense: 266_200, target: 66_550, achieved: 66_416 }],
    ['LeNet-300-100', 'params', 0.5, lenetLike, { dense: 266_610, target: 133_305, achieved: 132_975 }],
  ] as const)('%s, %s at %s: the compacted model costs exactly what the allocation says, within 1%% under the target', async (_, metric, keep, build, expected) => {
    const dense = build();
    const denseCost = costOf(dense, metric);
    dense.dispose();
    const model = build();
    const before = tf.memory().numTensors;
    const { allocation, cost } = await pruneTo(model, metric, keep);
    expect(allocation.dense).toBe(denseCost);
    expect({ dense: allocation.dense, target: allocation.target, achieved: allocation.achieved }).toEqual(expected);
    expect(cost).toBe(allocation.achieved);
    expect(cost).toBeLessThanOrEqual(allocation.target);
    expect(cost / allocation.target).toBeGreaterThan(0.99);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  /**
   * Uniform sparsity would cut every layer alike; the ranking with costs takes most from c1, whose
   * channels each free 27·64 MACs of c1 and 9·48·64 of c2's input, and little from c3.
   */
  it('allocates by importance per MAC, not uniformly', async () => {
    const model = tinyConvNet();
    const { allocation } = await pruneTo(model, 'macs', 0.5);
    model.dispose();
    expect(allocation.kept).toEqual([
      { family: 'c1', channels: 24, kept: 5 },
      { family: 'c2', channels: 48, kept: 47 },
      { family: 'c3', channels: 64, kept: 63 },
    ]);
  });

  it('with roundTo keeps multiples of it and still meets the target within 1%', async () => {
    const model = tinyConvNet();
    const { allocation, cost } = await pruneTo(model, 'macs', 0.5, 4);
    model.dispose();
    expect(allocation.kept.map((k) => k.kept)).toEqual([8, 44, 56]);
    expect(allocation.achieved).toBe(571_952);
    expect(cost).toBe(allocation.achieved);
    expect(cost / allocation.target).toBeGreaterThan(0.99);
    expect(cost).toBeLessThanOrEqual(allocation.target);
  });

  it('refuses a target outside (0, 1] and says when the floor of one channel per family cannot reach it', () => {
    const model = lenetLike();
    const graph = channelGraph(model);
    const scores = new Map(graph.groups.map((g) => [g.id, 1]));
    expect(() => allocateChannels(model, graph.families, scores, { metric: 'macs', keep: 0 })).toThrow(
      'a macs target must keep a fraction in (0, 1] of the dense model (got 0)',
    );
    expect(() => allocateChannels(model, graph.families, scores, { metric: 'params', keep: 1.5 })).toThrow('(got 1.5)');
    const tiny = allocateChannels(model, graph.families, scores, { metric: 'macs', keep: 0.001 });
    expect(tiny.kept.map((k) => k.kept)).toEqual([1, 1]);
    expect(tiny.achieved).toBe(784 + 1 + 10);
    expect(tiny.achieved).toBeGreaterThan(tiny.target);
    model.dispose();
  });
});
