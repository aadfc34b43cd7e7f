import type { ChannelRow } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';

/** Flatten: channel c of a [..., P positions, C] input lands at p·C + c for every position p. */
export const flatten: LayerHandler = {
  channels: {
    kind: 'channelwise',
    trace(call) {
      const row: ChannelRow = call.inputs[0] ?? [];
      const shape = call.inputShapes[0] ?? [];
      const spatial = shape.slice(1, -1);
      if (spatial.some((d) => d === null)) return { unsupported: `Flatten "${call.layer.name}" has an input of unknown size` };
      const positions = spatial.reduce<number>((a, d) => a * (d ?? 1), 1);
      return [Array.from({ length: positions }, () => row).flat()];
    },
  },
};

/** Reshape keeps channels only when it leaves the last axis alone (e.g. [h, w, c] to [h·w, c]). */
export const reshape: LayerHandler = {
  channels: {
    kind: 'channelwise',
    trace(call) {
      const row = call.inputs[0] ?? [];
      const outLast = call.outputShapes[0]?.[(call.outputShapes[0]?.length ?? 1) - 1];
      if (outLast !== row.length) return { unsupported: `Reshape "${call.layer.name}" changes the last axis, mixing channels with positions` };
      return [row];
    },
    resize(json, outChannels) {
      const target = json['target_shape'] as number[];
      json['target_shape'] = [...target.slice(0, -1), outChannels];
    },
  },
};
