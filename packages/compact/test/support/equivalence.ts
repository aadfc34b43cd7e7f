import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compact, type CompactionReport } from '@tfjs-prune/compact';
import { type ChannelGraph, channelGraph } from '@tfjs-prune/core';
import {
  applyKeepMasks,
  groupImportance,
  groupKeepMasks,
  selectChannels,
  sliceOffsets,
  weightMagnitudes,
} from '@tfjs-prune/core/internal';
import { expect } from 'vitest';

import { seededValues } from './seeded.js';

/** Zeroes the lowest-magnitude channel groups of every family at `sparsity` (layer scope). */
export function pruneGroups(model: tfl.LayersModel, sparsity: number, graph: ChannelGraph = channelGraph(model)): Set<string> {
  const scoresOf = weightMagnitudes(model);
  const scores = new Map(graph.groups.map((g) => [g.id, groupImportance(g, scoresOf, 'l2')]));
  const pruned = selectChannels(graph.families, scores, { sparsity });
  applyKeepMasks(model, groupKeepMasks(graph.groups, pruned));
  return pruned;
}

/** The distinct weight elements the given groups hold: what removing them must take off the count. */
export function heldParameters(graph: ChannelGraph, groups: ReadonlySet<string>): number {
  const held = new Map<string, Set<number>>();
  for (const g of graph.groups) {
    if (!groups.has(g.id)) continue;
    for (const m of g.members) {
      const set = held.get(m.variable) ?? new Set<number>();
      sliceOffsets(m.shape, m.axis, m.indices).forEach((o) => set.add(o));
      held.set(m.variable, set);
    }
  }
  return [...held.values()].reduce((a, s) => a + s.size, 0);
}

function randomInputs(model: tfl.LayersModel, batch: number, seed: number, intInputs: number | undefined): tf.Tensor[] {
  return model.inputs.map((input, i) => {
    const shape = [batch, ...input.shape.slice(1).map((d) => d ?? 3)];
    const size = shape.reduce((a, d) => a * d, 1);
    const values = seededValues(size, seed + i);
    return intInputs ? tf.tensor(values.map((v) => Math.floor(((v + 1) / 2) * intInputs)), shape) : tf.tensor(values, shape);
  });
}

function predict(model: tfl.LayersModel, x: tf.Tensor[]): Float32Array[] {
  const out = model.predict(x.length === 1 ? x[0]! : x) as tf.Tensor | tf.Tensor[];
  const outs = Array.isArray(out) ? out : [out];
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

export function expectClose(a: Float32Array[], b: Float32Array[], tolerance = 1e-5): void {
  expect(a.length).toBe(b.length);
  a.forEach((values, i) => {
    const other = b[i]!;
    expect(other.length).toBe(values.length);
    let worst = 0;
    values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - other[j]!))));
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
}

async function saveAndReload(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

export interface Equivalence {
  readonly graph: ChannelGraph;
  readonly pruned: ReadonlySet<string>;
  readonly report: CompactionReport;
  readonly compacted: tfl.LayersModel;
}

/**
 * The contract of every pattern: prune groups, compact, and the compacted model predicts what the
 * pruned one does, holds exactly the pruned channels' parameters fewer, survives save + reload,
 * and no tensor is left behind.
 */
export async function expectEquivalentCompaction(model: tfl.LayersModel, sparsity = 0.5, options: { intInputs?: number } = {}): Promise<Equivalence> {
  const graph = channelGraph(model);
  const pruned = pruneGroups(model, sparsity, graph);
  expect(pruned.size).toBeGreaterThan(0);
  const x = randomInputs(model, 3, 11, options.intInputs);
  const masked = predict(model, x);
  const tensorsBefore = tf.memory().numTensors;
  const { model: compacted, report } = await compact(model);
  expect(report.removedChannels).toBe(pruned.size);
  expect(model.countParams() - compacted.countParams()).toBe(heldParameters(graph, pruned));
  expect(report.parameters).toEqual({ before: model.countParams(), after: compacted.countParams() });
  expectClose(predict(compacted, x), masked);
  expectClose(predict(model, x), masked, 0);
  // The only tensors compaction leaves are the new model's weights. (Measured before the reload:
  // tfjs's dispose() of a loaded model with a shared layer keeps that layer's weights alive.)
  expect(tf.memory().numTensors - tensorsBefore).toBe(compacted.weights.length);
  const reloaded = await saveAndReload(compacted);
  expectClose(predict(reloaded, x), masked);
  reloaded.dispose();
  tf.dispose(x);
  return { graph, pruned, report, compacted };
}
