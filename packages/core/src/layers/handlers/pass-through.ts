import type { LayerHandler } from '../layer-handler.js';
import { refuseChannelsFirst } from './layer-config.js';

/** Output channel i is input channel i: activations, dropout, pooling, padding, cropping, upsampling. */
export const passThrough: LayerHandler = {
  channels: {
    kind: 'channelwise',
    trace(call) {
      return refuseChannelsFirst(call.layer) ?? [call.inputs[0] ?? []];
    },
  },
};
