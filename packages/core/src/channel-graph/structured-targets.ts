import type * as tfl from '@tensorflow/tfjs-layers';

import { GranularityError } from '../errors/granularity-error.js';
import { targetsForGranularity } from '../granularity/granularity-targets.js';
import { structured } from '../granularity/structured.js';
import { describeUnitLayers } from '../layers/unit-layers.js';
import type { PrunableWeight } from '../prunable-weights.js';
import { channelGraph } from './channel-graph.js';
import { type ChannelTargets, channelTargets, groupMemberLayers } from './channel-targets.js';
import type { ChannelGraph } from './channel-types.js';

/** How "structured" reads a selection of weights. */
export interface StructuredSelection {
  /** The kernels with whole output units: their layers' channel families are ranked. */
  readonly selected: PrunableWeight[];
  /** Selected layers without units of their own that are members of their producer's groups (DepthwiseConv2D). */
  readonly members: string[];
  /** Selected layers "structured" cannot prune at all. */
  readonly refused: readonly { readonly path: string; readonly layerClass: string }[];
}

/**
 * Splits a selection for "structured". A selected DepthwiseConv2D has no units of its own: its
 * filters are members of its producer's channel groups and masked with them, as Torch-Pruning
 * does, instead of being refused.
 */
export function selectStructured(targets: readonly PrunableWeight[]): StructuredSelection {
  const split = targetsForGranularity(structured(), targets);
  const members = groupMemberLayers(split.refused);
  return { selected: split.targets, members, refused: split.refused.filter((r) => !members.includes(r.path)) };
}

/**
 * What a "structured" pruner of `targets` ranks and masks: the channel groups of the selected
 * layers and every weight those groups reach, also in layers not selected (biases,
 * BatchNormalization γ/β, the next layers' input rows). Pass it to `updateMasks`, and build the
 * `MaskStore` from its `weights`. A layer that cannot be pruned structurally is refused by name.
 */
export function structuredTargets(model: tfl.LayersModel, targets: readonly PrunableWeight[], graph: ChannelGraph = channelGraph(model)): ChannelTargets {
  const { selected, members, refused } = selectStructured(targets);
  const first = refused[0];
  if (first !== undefined) {
    throw new GranularityError(
      `layer "${first.path}" (${first.layerClass}) has no whole output units to prune: ` +
        `"structured" works on ${describeUnitLayers()} only; ` +
        'exclude the layer (layers.exclude) or use "unstructured", "block" or "n:m" for it',
    );
  }
  return channelTargets(model, graph, [...new Set(selected.map((t) => t.path))], selected, members);
}
