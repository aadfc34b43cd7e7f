import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { type PrunableWeight, shortName, walkLayers } from '../prunable-weights.js';
import { channelHandlerFor } from './channel-handlers.js';
import type { ChannelFamily, ChannelGraph } from './channel-types.js';

/** A selected layer whose output channels group pruning leaves alone, and why. */
export interface UntouchedLayer {
  readonly layer: string;
  readonly reason: string;
}

/**
 * What a group-aware structured pruner owns: the channel families its selected layers produce,
 * and every weight their groups mask (kernel slices and biases of all producers, BN γ/β,
 * depthwise filters, consumers' input slices), also of layers the pruner did not select.
 */
export interface ChannelTargets {
  readonly families: readonly ChannelFamily[];
  /** Every masked member weight, in model order: the pruner's mask-store targets. */
  readonly weights: readonly PrunableWeight[];
  /** The same weights by variable name (`ChannelSlice.variable`). */
  readonly byVariable: ReadonlyMap<string, PrunableWeight>;
  /** Selected layers none of whose channels can be pruned (tied to the model's output, an unknown layer, ...). */
  readonly untouched: readonly UntouchedLayer[];
}

/**
 * The families produced by the layers at `selectedPaths` and the weights their groups mask.
 * `known` maps variables that already have a PrunableWeight (the pruner's selected kernels) so
 * the store and the ownership check see one object per variable.
 */
export function channelTargets(
  model: tfl.LayersModel,
  graph: ChannelGraph,
  selectedPaths: readonly string[],
  known: readonly PrunableWeight[],
  memberPaths: readonly string[] = [],
): ChannelTargets {
  const selected = new Set(selectedPaths);
  const families = graph.families.filter((f) => f.groups.length > 0 && f.producers.some((p) => selected.has(p)));
  const wanted = new Set(families.flatMap((f) => f.groups.flatMap((g) => g.members.filter((m) => m.masked).map((m) => m.variable))));
  const knownByVariable = new Map<tf.Variable, PrunableWeight>(known.map((k) => [k.variable, k]));
  const byVariable = new Map<string, PrunableWeight>();
  for (const { layer, path } of walkLayers(model)) {
    const trainable = new Set(layer.trainableWeights);
    for (const layerVariable of layer.weights) {
      if (!wanted.has(layerVariable.name)) continue;
      const variable = layerVariable.read() as tf.Variable;
      byVariable.set(
        layerVariable.name,
        knownByVariable.get(variable) ?? {
          layer: layer.name,
          path,
          layerClass: layer.getClassName(),
          weight: shortName(layerVariable.originalName),
          shape: [...variable.shape],
          size: variable.size,
          variable,
          ...(trainable.has(layerVariable) ? {} : { frozen: true }),
        },
      );
    }
  }
  const pruned = new Set(families.flatMap((f) => f.producers));
  const maskedLayers = new Set([...byVariable.values()].map((w) => w.path));
  const untouched = [
    ...selectedPaths.filter((path) => !pruned.has(path)).map((layer) => ({ layer, reason: whyUntouched(graph, layer) })),
    ...memberPaths.filter((path) => !maskedLayers.has(path)).map((layer) => ({ layer, reason: whyMemberUntouched(graph, layer, selected) })),
  ];
  return { families, weights: [...byVariable.values()], byVariable, untouched };
}

/**
 * The layers among `layers` that produce no channels of their own but carry their input's
 * channels through, with per-channel weights (a DepthwiseConv2D: its channel handler is
 * `channelwise`). A structured pruner that selects one masks it with its producer's channel
 * groups, as Torch-Pruning does, instead of refusing it for having no output units.
 */
export function groupMemberLayers(layers: readonly { readonly path: string; readonly layerClass: string }[]): string[] {
  return layers.filter((l) => channelHandlerFor(l.layerClass)?.kind === 'channelwise').map((l) => l.path);
}

function whyMemberUntouched(graph: ChannelGraph, layer: string, selected: ReadonlySet<string>): string {
  const producers = [...new Set(graph.families.filter((f) => f.groups.some((g) => g.members.some((m) => m.layer === layer))).flatMap((f) => f.producers))];
  const prefix = "it has no channels of its own and is pruned with its producers' channel groups";
  if (producers.length > 0 && !producers.some((p) => selected.has(p))) return `${prefix}; this pruner selects none of them (${producers.join(', ')})`;
  const skipped = graph.skipped.find((s) => s.reasons.some((r) => r.includes(`"${layer}"`)));
  return `${prefix}; ${skipped === undefined ? 'none of them is pruned' : `its channels are left alone: ${skipped.reasons.join('; ')}`}`;
}

function whyUntouched(graph: ChannelGraph, layer: string): string {
  // A family with every channel skipped is not in `families`; its name joins its producers with "+".
  const skipped = graph.skipped.find((s) => s.family.replace(/~\d+$/, '').split('+').includes(layer));
  if (skipped !== undefined && skipped.reasons.length > 0) return `every channel is left alone: ${skipped.reasons.join('; ')}`;
  return 'the channel graph found no prunable channel group it produces';
}
