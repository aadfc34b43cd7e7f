import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../support/cpu-backend.js';
import { seedWeights } from '../support/models.js';
import { channelGraph, ChannelSelectionError } from '@tfjs-prune/core';
import { applyKeepMasks, groupKeepMasks } from '../../src/channel-graph/group-masks.js';
import { groupImportance, weightMagnitudes } from '../../src/channel-graph/group-importance.js';
import { selectChannels } from '../../src/channel-graph/select-channels.js';

// Internal to core (h9-core owns the library-wide rounding rule); tested here where it is used.
import { roundHalfToEven as roundHalfEven } from '../../src/rounding.js';

const L = tfl.layers;

/**
 * h1 (2→3), h2 (3→2), logits (2→2) with hand-picked weights. l1 group scores, worked out by hand:
 * h1#0 = |1|+|4| + 0.5 + (1+1) = 7.5, h1#1 = 7 + 0 + 1 = 8, h1#2 = 9 + 1 + 4 = 14;
 * h2#0 = (1+0+2) + 0 + (1+2) = 6, h2#1 = (1+1+2) + 0 + (3+4) = 11.
 */
function handModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [L.dense({ units: 3, inputShape: [2], name: 'h1' }), L.dense({ units: 2, name: 'h2' }), L.dense({ units: 2, name: 'logits' })],
  });
  const values = [
    tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor1d([0.5, 0, 1]),
    tf.tensor2d([[1, 1], [0, 1], [2, 2]]), tf.tensor1d([0, 0]),
    tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([0, 0]),
  ];
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

function scored(model: tfl.LayersModel, norm: 'l1' | 'l2' = 'l1') {
  const graph = channelGraph(model);
  const magnitudes = weightMagnitudes(model);
  return { graph, scores: new Map(graph.groups.map((g) => [g.id, groupImportance(g, magnitudes, norm)])) };
}

describe('group importance, channel selection and keep masks', () => {
  it('scores a channel over all of its members (l1 sum, l2 sum of member norms)', () => {
    const model = handModel();
    expect([...scored(model).scores]).toEqual([['h1#0', 7.5], ['h1#1', 8], ['h1#2', 14], ['h2#0', 6], ['h2#1', 11]]);
    expect(scored(model, 'l2').scores.get('h1#0')).toBeCloseTo(Math.sqrt(17) + 0.5 + Math.sqrt(2), 6);
  });

  it('scores any per-element statistic (e.g. taylor |w·g|) over masked members only, ties by position', () => {
    const x = tfl.input({ shape: [3], name: 'x' });
    const model = tfl.model({ inputs: x, outputs: L.dense({ units: 1, name: 'o' }).apply(L.batchNormalization({ name: 'bn' }).apply(L.dense({ units: 2, name: 'h' }).apply(x))) as tfl.SymbolicTensor });
    const graph = channelGraph(model);
    // Every element scores 1, so a channel's l1 score counts its masked elements: 3 kernel + 1 bias
    // + γ + β + 1 consumer row = 7; the moving mean and variance do not count.
    const ones = (variable: string) => new Float32Array(model.weights.find((w) => w.name === variable)!.shape.reduce<number>((a, d) => a * (d ?? 1), 1)).fill(1);
    expect(graph.groups.map((g) => groupImportance(g, ones, 'l1'))).toEqual([7, 7]);
    const scores = new Map(graph.groups.map((g) => [g.id, 7]));
    expect([...selectChannels(graph.families, scores, { sparsity: 0.5 })]).toEqual(['h#0']);
  });

  it('layer scope: round half to even per family, never the last channel, earlier prunes kept', () => {
    const { graph, scores } = scored(handModel());
    // h1: 0.5·3 = 1.5 → 2; h2: 0.5·2 = 1.
    expect([...selectChannels(graph.families, scores, { sparsity: 0.5 })].sort()).toEqual(['h1#0', 'h1#1', 'h2#0']);
    // 0.9·2 = 1.8 → 2, capped at 1 so h2 keeps a channel.
    expect([...selectChannels(graph.families, scores, { sparsity: 0.9 })].sort()).toEqual(['h1#0', 'h1#1', 'h2#0']);
    expect([...selectChannels(graph.families, scores, { sparsity: 0.5, alreadyPruned: new Set(['h1#2']) })].sort()).toEqual(['h1#0', 'h1#2', 'h2#0']);
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });

  it('global scope: one ranking, optional mean normalization and a per-family cap', () => {
    const { graph, scores } = scored(handModel());
    // 0.4·5 = 2 lowest of 7.5, 8, 14, 6, 11.
    expect([...selectChannels(graph.families, scores, { sparsity: 0.4, scope: 'global' })].sort()).toEqual(['h1#0', 'h2#0']);
    // Normalized by family means (9.83, 8.5): h1 becomes 0.76, 0.81, 1.42; h2 0.71, 1.29.
    expect([...selectChannels(graph.families, scores, { sparsity: 0.6, scope: 'global', normalize: 'layer' })].sort()).toEqual(['h1#0', 'h1#1', 'h2#0']);
    // Cap 0.34: h1 may lose floor(1.02) = 1 channel, h2 none.
    expect([...selectChannels(graph.families, scores, { sparsity: 0.4, scope: 'global', maxLayerSparsity: 0.34 })]).toEqual(['h1#0']);
  });

  it('rejects a sparsity outside [0, 1) and a missing score with coded errors', () => {
    const { graph, scores } = scored(handModel());
    expect(() => selectChannels(graph.families, scores, { sparsity: 1 })).toThrow(new ChannelSelectionError('CHANNEL_SELECTION_INVALID_SPARSITY', 'channel sparsity must be in [0, 1) (got 1)'));
    scores.delete('h2#1');
    expect(() => selectChannels(graph.families, scores, { sparsity: 0.5 })).toThrow('channel group "h2#1" has no score (got undefined)');
    try {
      selectChannels(graph.families, scores, { sparsity: 0.5 });
    } catch (error) {
      expect((error as ChannelSelectionError).code).toBe('CHANNEL_SELECTION_MISSING_SCORE');
    }
  });

  it('masks producer columns, biases and consumer rows of every pruned channel, exactly', () => {
    const model = handModel();
    const { graph } = scored(model);
    const masks = groupKeepMasks(graph.groups, new Set(['h1#0', 'h1#1', 'h2#0']));
    const keep = Object.fromEntries([...masks.values()].map((m) => [`${m.layer}/${m.weight}`, Array.from(m.keep)]));
    expect(keep).toEqual({
      'h1/kernel': [0, 0, 1, 0, 0, 1],
      'h1/bias': [0, 0, 1],
      'h2/kernel': [0, 0, 0, 0, 0, 1],
      'h2/bias': [0, 1],
      'logits/kernel': [0, 0, 1, 1],
    });
    const before = tf.memory().numTensors;
    applyKeepMasks(model, masks);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(model.getWeights()[2]!.dataSync())).toEqual([0, 0, 0, 0, 0, 2]);
  });

  it('makes a pruned channel exactly zero after BatchNormalization, for any input', () => {
    const x = tfl.input({ shape: [4, 4, 2], name: 'x' });
    const normed = L.batchNormalization({ name: 'bn' }).apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }).apply(x)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: L.conv2d({ filters: 2, kernelSize: 1, name: 'c2' }).apply(L.reLU().apply(normed)) as tfl.SymbolicTensor });
    seedWeights(model, 5);
    tf.tidy(() => model.getLayer('bn').setWeights(model.getLayer('bn').getWeights().map((w, i) => (i === 3 ? tf.add(tf.abs(w), 0.5) : w))));
    const graph = channelGraph(model);
    applyKeepMasks(model, groupKeepMasks(graph.groups, new Set(['c1#1', 'c1#3'])));
    const probe = tfl.model({ inputs: x, outputs: normed });
    const values = tf.tidy(() => (probe.predict(tf.randomNormal([2, 4, 4, 2])) as tf.Tensor).dataSync());
    const channel = (c: number) => Array.from(values).filter((_, i) => i % 4 === c);
    expect(channel(1).every((v) => v === 0)).toBe(true);
    expect(channel(3).every((v) => v === 0)).toBe(true);
    expect(channel(0).some((v) => v !== 0)).toBe(true);
  });
});
