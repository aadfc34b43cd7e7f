import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compact } from '@tfjs-prune/compact';
import type { ChannelGroup } from '@tfjs-prune/core';
import { groupKeepMasks } from '@tfjs-prune/core/internal';

/**
 * What `compactPruned` would return if the `pruned` channel groups were masked now: a copy of
 * `model` with their slices zeroed, compacted. The copy is disposed; `model` is only read. The
 * caller owns (and disposes) the result.
 */
export async function compactedCandidate(model: tfl.LayersModel, groups: readonly ChannelGroup[], pruned: ReadonlySet<string>): Promise<tfl.LayersModel> {
  const masks = groupKeepMasks(groups, pruned);
  const copy = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as unknown as Parameters<typeof tfl.models.modelFromJSON>[0]);
  try {
    tf.tidy(() => {
      // Same topology, same weight order; the copy's variables have names of their own.
      const values = model.weights.map((weight) => {
        const value = weight.read();
        const mask = masks.get(weight.name);
        return mask === undefined ? value : tf.mul(value, tf.tensor(mask.keep, value.shape, 'float32'));
      });
      copy.setWeights(values);
    });
    return (await compact(copy)).model;
  } finally {
    copy.dispose();
  }
}
