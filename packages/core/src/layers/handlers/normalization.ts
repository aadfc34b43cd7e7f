import type { LayerHandler } from '../layer-handler.js';
import { configOf, isLastAxis } from './layer-config.js';
import { mixesChannels } from './mixes-channels.js';
import { noMacs } from './macs.js';

/**
 * BatchNormalization: γ and β are masked with the channel; the moving statistics only go with it.
 * Never pruned itself: normalization parameters are a rounding error of the parameter count.
 */
export const batchNormalization: LayerHandler = {
  // Per-channel scale and shift: elementwise, not multiply-accumulates.
  macs: noMacs,
  channels: {
    kind: 'channelwise',
    trace(call, tracer) {
      if (!isLastAxis(configOf(call.layer)['axis'], call.inputShapes[0]?.length ?? 0)) {
        return { unsupported: `BatchNormalization "${call.layer.name}" normalizes an axis other than the last` };
      }
      const row = call.inputs[0] ?? [];
      tracer.attach(row, 'param', (positions) => [
        { weight: 'gamma', axis: 0, indices: positions },
        { weight: 'beta', axis: 0, indices: positions },
        { weight: 'moving_mean', axis: 0, indices: positions, masked: false },
        { weight: 'moving_variance', axis: 0, indices: positions, masked: false },
      ]);
      return [row];
    },
  },
};

export const layerNormalization: LayerHandler = { channels: mixesChannels('normalizes over all channels'), macs: noMacs };
