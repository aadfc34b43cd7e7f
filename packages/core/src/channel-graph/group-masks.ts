import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { ChannelGroup } from './channel-types.js';
import { sliceOffsets } from './slice-offsets.js';

/** An element keep mask (1 keep, 0 prune) for one weight, row-major in the weight's shape. */
export interface ElementKeepMask {
  readonly variable: string;
  readonly layer: string;
  readonly weight: string;
  readonly shape: readonly number[];
  readonly keep: Uint8Array;
}

/**
 * Keep masks for every weight any of `groups` masks, with the slices of the `pruned` groups
 * zeroed: the producers' kernel slices and biases, BN γ and β, depthwise filters, and the
 * consumers' input slices. A pruned channel then outputs exactly zero for every input (after BN
 * too) and nothing reads it.
 */
export function groupKeepMasks(groups: readonly ChannelGroup[], pruned: ReadonlySet<string>): Map<string, ElementKeepMask> {
  const masks = new Map<string, ElementKeepMask>();
  for (const group of groups) {
    for (const member of group.members) {
      if (!member.masked) continue;
      let mask = masks.get(member.variable);
      if (!mask) {
        mask = { variable: member.variable, layer: member.layer, weight: member.weight, shape: member.shape, keep: new Uint8Array(member.shape.reduce((a, d) => a * d, 1)).fill(1) };
        masks.set(member.variable, mask);
      }
      if (!pruned.has(group.id)) continue;
      for (const offset of sliceOffsets(member.shape, member.axis, member.indices)) mask.keep[offset] = 0;
    }
  }
  return masks;
}

/** Multiplies each masked weight of `model` by its keep mask, in place (one-shot pruning, tests). */
export function applyKeepMasks(model: tfl.LayersModel, masks: ReadonlyMap<string, ElementKeepMask>): void {
  for (const weight of model.weights) {
    const mask = masks.get(weight.name);
    if (!mask) continue;
    tf.tidy(() => {
      weight.write(tf.mul(weight.read(), tf.tensor(mask.keep, [...mask.shape], 'float32')));
    });
  }
}
