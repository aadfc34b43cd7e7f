import { lastAxisChannel } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
import type { LayerConfig } from './layer-config.js';
import { kernelChannels } from './kernel-layer.js';
import { positions } from './macs.js';

/** Zero padding makes a constant input non-constant at the borders, unless every kernel tap is 1x1. */
function validOrPointwise(config: LayerConfig): string | undefined {
  const kernel = config['kernelSize'];
  const sizes = Array.isArray(kernel) ? (kernel as number[]) : [kernel as number];
  if (config['padding'] === 'valid' || sizes.every((k) => k === 1)) return undefined;
  return `pads its input (padding "${String(config['padding'])}"), so a constant input channel is not constant at the borders`;
}

/** Conv1D, Conv2D, Conv3D: kernel [...taps, inChannels, filters]. */
export const conv: LayerHandler = {
  weights: [{ name: 'kernel', unitAxis: -1 }],
  macs: (call) => (call.sizes['kernel'] ?? 0) * positions(call.output, call),
  channels: kernelChannels({ outAxis: -1, inAxis: -2, units: 'filters', foldable: validOrPointwise, batchNormFold: { kernel: 'kernel', outputChannelOf: lastAxisChannel } }),
};

/** Conv2DTranspose: tfjs stores transposed kernels as [kh, kw, filters, inChannels]. */
export const convTranspose: LayerHandler = {
  weights: [{ name: 'kernel', unitAxis: -2 }],
  // A transposed convolution scatters: each kernel entry is applied at every input position.
  macs: (call) => (call.sizes['kernel'] ?? 0) * positions(call.input, call),
  channels: kernelChannels({
    outAxis: -2,
    inAxis: -1,
    units: 'filters',
    foldable: () => 'is a transposed convolution, whose output borders see fewer taps',
    // [kh, kw, out, in]
    batchNormFold: { kernel: 'kernel', outputChannelOf: (shape) => (flat) => Math.floor(flat / (shape[3] ?? 1)) % (shape[2] ?? 1) },
  }),
};
