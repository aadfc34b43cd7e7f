import type * as tfl from '@tensorflow/tfjs-layers';
import type { ChannelGraph, ChannelGroup } from '@tfjs-prune/core';
import { channelHandlerFor, isUnsupported, sliceOffsets } from '@tfjs-prune/core/internal';

import type { ChannelValues } from './channel-values.js';
import type { WeightValues } from './model-weights.js';

/** A constant input channel absorbed into a consumer's bias: bias[j] += Σ_p value[p] · Σ_taps kernel[..., p, j]. */
export interface BiasFold {
  readonly group: string;
  readonly layer: string;
  readonly kernel: string;
  readonly bias: string;
  readonly positions: readonly number[];
  readonly values: readonly number[];
}

/** A channel that looks pruned (some of its slices are zero) but stays, and why. */
export interface KeptChannel {
  readonly group: string;
  readonly reason: string;
}

export interface RemovalPlan {
  readonly removed: ReadonlySet<string>;
  readonly folds: readonly BiasFold[];
  readonly kept: readonly KeptChannel[];
}

interface PlanInputs {
  readonly graph: ChannelGraph;
  readonly values: ReadonlyMap<string, ChannelValues>;
  readonly weightsOf: (path: string) => readonly WeightValues[];
  readonly layerAt: (path: string) => tfl.layers.Layer | undefined;
  readonly fold: boolean;
}

function allZero(group: ChannelGroup, inputs: PlanInputs, select: (m: ChannelGroup['members'][number]) => boolean): boolean {
  const members = group.members.filter((m) => m.masked && select(m));
  return (
    members.length > 0 &&
    members.every((m) => {
      const values = inputs.weightsOf(m.layer)[m.weightIndex]?.values;
      return values !== undefined && sliceOffsets(m.shape, m.axis, m.indices).every((o) => values[o] === 0);
    })
  );
}

/**
 * Decides, channel by channel, what compaction may remove: a channel goes when every consumer either
 * receives exactly zero from it, has zero weights for it, or receives a constant it can absorb into
 * its bias exactly. Otherwise it stays; if it looked pruned, the plan says why.
 */
export function planRemoval(inputs: PlanInputs): RemovalPlan {
  const removed = new Set<string>();
  const folds: BiasFold[] = [];
  const kept: KeptChannel[] = [];
  for (const group of inputs.graph.groups) {
    const looksPruned = allZero(group, inputs, (m) => m.role === 'out') || group.uses.some((u) => allZero(group, inputs, (m) => m.role === 'in' && m.layer === u.layer));
    const groupFolds: BiasFold[] = [];
    let reason: string | undefined;
    for (const use of group.uses) {
      const seen = use.positions.map((p) => inputs.values.get(use.tensor)?.[p] ?? null);
      if (seen.every((v) => v === 0)) continue;
      if (allZero(group, inputs, (m) => m.role === 'in' && m.layer === use.layer)) continue;
      if (seen.some((v) => v === null)) {
        reason = `it feeds "${use.layer}" a value that is not one constant (it varies with the input or across positions)`;
        break;
      }
      if (group.uses.some((other) => other.layer === use.layer && other.tensor !== use.tensor)) {
        // One bias serves every call of a shared layer; a constant from one call cannot go into it.
        reason = `it feeds the shared layer "${use.layer}" a nonzero constant ${formatValues(seen)}, which one bias cannot absorb for every call`;
        break;
      }
      const layer = inputs.layerAt(use.layer);
      const target = layer && channelHandlerFor(layer.getClassName())?.foldInto?.(layer);
      if (!inputs.fold || !target || isUnsupported(target)) {
        const why = !inputs.fold ? 'folding is off' : target && isUnsupported(target) ? target.unsupported : `"${use.layer}" cannot absorb a constant input`;
        reason = `it feeds "${use.layer}" the nonzero constant ${formatValues(seen)} and ${why}`;
        break;
      }
      groupFolds.push({ group: group.id, layer: use.layer, kernel: target.kernel, bias: target.bias, positions: use.positions, values: seen as number[] });
    }
    if (reason === undefined) {
      removed.add(group.id);
      folds.push(...groupFolds);
    } else if (looksPruned) {
      kept.push({ group: group.id, reason });
    }
  }
  keepOneChannelPerTensor(inputs.graph, removed, kept);
  // A channel the one-channel rule put back keeps feeding its consumers: its folds must not apply.
  return { removed, folds: folds.filter((f) => removed.has(f.group)), kept };
}

function formatValues(values: readonly (number | null)[]): string {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? String(distinct[0]) : `[${distinct.slice(0, 3).join(', ')}${distinct.length > 3 ? ', ...' : ''}]`;
}

/** A layer with zero channels cannot be built: where every channel of a tensor would go, the first stays. */
function keepOneChannelPerTensor(graph: ChannelGraph, removed: Set<string>, kept: KeptChannel[]): void {
  for (const tensor of graph.tensors.values()) {
    if (tensor.groups.length === 0 || !tensor.groups.every((g) => g !== null && removed.has(g))) continue;
    const first = tensor.groups[0]!;
    removed.delete(first);
    kept.push({ group: first, reason: 'it is the last channel of its tensor; a layer needs at least one' });
  }
}
