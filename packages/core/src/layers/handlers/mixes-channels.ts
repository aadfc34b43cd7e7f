import type { ChannelHandler } from '../../channel-graph/channel-handler.js';

/** Layers computing each output from all channels (LayerNormalization, Softmax): removing one changes the rest. */
export function mixesChannels(what: string): ChannelHandler {
  return {
    kind: 'channelwise',
    trace(call) {
      return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" ${what}, so removing a channel would change the others` };
    },
  };
}
