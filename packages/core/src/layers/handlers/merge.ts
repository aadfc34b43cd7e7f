import type { ChannelHandler } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
import { configOf, isLastAxis } from './layer-config.js';

const elementwiseChannels: ChannelHandler = {
  kind: 'channelwise',
  trace(call, tracer) {
    const [first, ...rest] = call.inputs;
    if (!first) return [];
    for (const other of rest) {
      if (other.length !== first.length) {
        return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" broadcasts inputs of ${first.length} and ${other.length} channels` };
      }
      tracer.unite(first, other);
    }
    return [first];
  },
};

/** Add, Subtract, Multiply, Average, Maximum, Minimum: channel i of every input is one channel. */
export const elementwiseMerge: LayerHandler = { channels: elementwiseChannels };

/** Concatenate on the channel axis lays its inputs' channels side by side; on another axis it merges them. */
export const concatenate: LayerHandler = {
  channels: {
    kind: 'channelwise',
    trace(call, tracer) {
      const rank = call.outputShapes[0]?.length ?? 0;
      if (isLastAxis(configOf(call.layer)['axis'], rank)) return [call.inputs.flatMap((row) => [...row])];
      return elementwiseChannels.trace(call, tracer);
    },
  },
};
