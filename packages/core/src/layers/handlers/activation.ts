import type { LayerHandler } from '../layer-handler.js';
import { configOf } from './layer-config.js';
import { mixesChannels } from './mixes-channels.js';
import { noMacs } from './macs.js';

/** An `Activation` layer passes channels through unless it is a softmax, which mixes them. */
export const activation: LayerHandler = {
  channels: {
    kind: 'channelwise',
    trace(call) {
      if (configOf(call.layer)['activation'] === 'softmax') {
        return { unsupported: `Activation "${call.layer.name}" is a softmax, which mixes its channels` };
      }
      return [call.inputs[0] ?? []];
    },
  },
};

export const softmax: LayerHandler = { channels: mixesChannels('normalizes over all channels') };

/** PReLU: one slope per channel when its alpha is not shared over the channel axis. */
export const prelu: LayerHandler = {
  macs: noMacs,
  channels: {
    kind: 'channelwise',
    trace(call, tracer) {
      const row = call.inputs[0] ?? [];
      const alpha = call.layer.weights.find((w) => w.originalName.endsWith('/alpha') || w.originalName === 'alpha');
      const alphaChannels = alpha?.shape[alpha.shape.length - 1];
      if (alphaChannels === row.length && row.length > 1) {
        tracer.attach(row, 'param', (positions) => [{ weight: 'alpha', axis: -1, indices: positions, masked: false }]);
      }
      return [row];
    },
  },
};
