import type { ChannelGraph } from '@tfjs-prune/core';

import type { WeightValues } from './model-weights.js';
import type { BiasFold } from './removal-plan.js';

/** Removed indices per weight (by layer path and weight index) and axis. */
export type Removals = Map<string, Map<number, Set<number>>>;

const weightKey = (layer: string, weightIndex: number) => `${layer}|${weightIndex}`;

/** Every slice of every removed channel group, gathered per weight and axis. */
export function collectRemovals(graph: ChannelGraph, removed: ReadonlySet<string>): Removals {
  const removals: Removals = new Map();
  for (const group of graph.groups) {
    if (!removed.has(group.id)) continue;
    for (const m of group.members) {
      const key = weightKey(m.layer, m.weightIndex);
      const axes = removals.get(key) ?? new Map<number, Set<number>>();
      const indices = axes.get(m.axis) ?? new Set<number>();
      m.indices.forEach((i) => indices.add(i));
      axes.set(m.axis, indices);
      removals.set(key, axes);
    }
  }
  return removals;
}

/** Keeps only the entries of `values` whose index on `axis` is in `keep`. */
function gatherAxis(values: Float32Array, shape: readonly number[], axis: number, keep: readonly number[]): { values: Float32Array; shape: number[] } {
  const dim = shape[axis] ?? 1;
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const out = new Float32Array(outer * keep.length * inner);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const k of keep) {
      out.set(values.subarray((o * dim + k) * inner, (o * dim + k + 1) * inner), at);
      at += inner;
    }
  }
  const next = [...shape];
  next[axis] = keep.length;
  return { values: out, shape: next };
}

/** bias[j] += Σ_p value[p] · Σ_taps kernel[taps, p, j], with the kernel's input axis second to last. */
function applyFold(weights: WeightValues[], fold: BiasFold): void {
  const kernel = weights.find((w) => w.name === fold.kernel);
  const bias = weights.find((w) => w.name === fold.bias);
  if (!kernel || !bias) return;
  const out = kernel.shape[kernel.shape.length - 1] ?? 1;
  const inputs = kernel.shape[kernel.shape.length - 2] ?? 1;
  const valueAt = new Map(fold.positions.map((p, i) => [p, fold.values[i] ?? 0]));
  kernel.values.forEach((k, e) => {
    const value = valueAt.get(Math.floor(e / out) % inputs);
    if (value !== undefined) bias.values[e % out]! += value * k;
  });
}

/** A layer's new weights: constants folded into its bias first, then the removed channels cut out. */
export function compactLayerWeights(path: string, original: readonly WeightValues[], removals: Removals, folds: readonly BiasFold[]): WeightValues[] {
  const weights = original.map((w) => ({ ...w, values: Float32Array.from(w.values) }));
  for (const fold of folds) if (fold.layer === path) applyFold(weights, fold);
  return weights.map((w, index) => {
    let current: { values: Float32Array; shape: readonly number[] } = w;
    const axes = removals.get(weightKey(path, index));
    for (const [axis, drop] of axes ?? []) {
      const keep = Array.from({ length: current.shape[axis] ?? 0 }, (_, i) => i).filter((i) => !drop.has(i));
      current = gatherAxis(current.values, current.shape, axis, keep);
    }
    return { name: w.name, values: current.values, shape: current.shape };
  });
}
