import { channelsOf, lastAxisChannel } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
import { zeroKernelOutputs } from './kernel-layer.js';
import { refuseChannelsFirst } from './layer-config.js';
import { positions } from './macs.js';

/**
 * SeparableConv2D: input channel c owns depthwise filter c and pointwise row c; only the pointwise
 * kernel has whole output units.
 */
export const separableConv: LayerHandler = {
  weights: [{ name: 'depthwise_kernel' }, { name: 'pointwise_kernel', unitAxis: -1 }],
  macs: (call) => ((call.sizes['depthwise_kernel'] ?? 0) + (call.sizes['pointwise_kernel'] ?? 0)) * positions(call.output, call),
  channels: {
    kind: 'producer',
    trace(call, tracer) {
      const refusal = refuseChannelsFirst(call.layer);
      if (refusal) return refusal;
      // tfjs's SeparableConv2D.getConfig() drops depthMultiplier, so a model rebuilt from its JSON
      // (compaction, or any save and load) would silently get 1: only 1 is safe to resize.
      const multiplier = (call.layer as unknown as { depthMultiplier?: number }).depthMultiplier ?? 1;
      if (multiplier !== 1) {
        return { unsupported: `SeparableConv2D "${call.layer.name}" has depthMultiplier ${multiplier}, which tfjs does not save in the layer config` };
      }
      const input = call.inputs[0] ?? [];
      tracer.attach(
        input,
        'in',
        (positions) => [
          { weight: 'depthwise_kernel', axis: 2, indices: positions },
          { weight: 'pointwise_kernel', axis: 2, indices: positions },
        ],
        0,
      );
      const out = tracer.fresh(channelsOf(call.outputShapes[0]) ?? 0);
      tracer.attach(out, 'out', (positions) => [
        { weight: 'pointwise_kernel', axis: 3, indices: positions },
        { weight: 'bias', axis: 0, indices: positions },
      ]);
      return [out];
    },
    resize(config, outChannels) {
      config['filters'] = outChannels;
    },
    constantOutputs: zeroKernelOutputs('pointwise_kernel', 3),
    batchNormFold: { kernel: 'pointwise_kernel', outputChannelOf: lastAxisChannel },
  },
};
