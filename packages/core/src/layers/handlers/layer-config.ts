import type * as tfl from '@tensorflow/tfjs-layers';

import type { Unsupported } from '../../channel-graph/channel-handler.js';

export type LayerConfig = Record<string, unknown>;

export function configOf(layer: tfl.layers.Layer): LayerConfig {
  return layer.getConfig() as LayerConfig;
}

/** The channel graph reads channels on the last axis; a channels-first layer is refused. */
export function refuseChannelsFirst(layer: tfl.layers.Layer): Unsupported | undefined {
  return configOf(layer)['dataFormat'] === 'channelsFirst'
    ? { unsupported: `${layer.getClassName()} "${layer.name}" uses dataFormat channelsFirst; the channel graph reads channels on the last axis` }
    : undefined;
}

/** True when `axis` (as a layer config gives it) names the last axis of a rank-`rank` tensor. */
export function isLastAxis(axis: unknown, rank: number): boolean {
  const values = Array.isArray(axis) ? axis : [axis];
  return values.length === 1 && (values[0] === -1 || values[0] === rank - 1);
}
