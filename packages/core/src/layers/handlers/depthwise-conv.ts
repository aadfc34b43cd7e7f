import type { LayerHandler } from '../layer-handler.js';
import { configOf, refuseChannelsFirst } from './layer-config.js';
import { positions } from './macs.js';

/**
 * DepthwiseConv2D: its kernel is prunable but its channels are its inputs', not output units of
 * its own. With depthMultiplier 1 channel c stays channel c, and its filter and bias entry are that
 * channel's parameters. A larger multiplier makes several outputs per input channel, which would
 * need groups of unequal size; it is refused.
 */
export const depthwiseConv: LayerHandler = {
  weights: [{ name: 'depthwise_kernel' }],
  macs: (call) => (call.sizes['depthwise_kernel'] ?? 0) * positions(call.output, call),
  channels: {
    kind: 'channelwise',
    trace(call, tracer) {
      const refusal = refuseChannelsFirst(call.layer);
      if (refusal) return refusal;
      const multiplier = (configOf(call.layer)['depthMultiplier'] as number | undefined) ?? 1;
      if (multiplier !== 1) {
        return { unsupported: `DepthwiseConv2D "${call.layer.name}" has depthMultiplier ${multiplier}; only 1 keeps one output channel per input channel` };
      }
      const row = call.inputs[0] ?? [];
      tracer.attach(row, 'param', (positions) => [
        { weight: 'depthwise_kernel', axis: 2, indices: positions },
        { weight: 'bias', axis: 0, indices: positions },
      ]);
      return [row];
    },
    // [kh, kw, in, multiplier]: output channel in·multiplier + m, the last two axes flattened. Any
    // multiplier folds, though only 1 is traced.
    batchNormFold: { kernel: 'depthwise_kernel', outputChannelOf: (shape) => (flat) => flat % ((shape[2] ?? 1) * (shape[3] ?? 1)) },
  },
};
