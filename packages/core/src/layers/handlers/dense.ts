import { lastAxisChannel } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
import { kernelChannels } from './kernel-layer.js';
import { product } from './macs.js';

/** Dense: kernel [inputs, units]; a constant input always folds into the bias. */
export const dense: LayerHandler = {
  weights: [{ name: 'kernel', unitAxis: -1 }],
  // Applied at every leading position of a [batch, ..., in] input.
  macs: (call) => (call.sizes['kernel'] ?? 0) * product(call.output.slice(1, -1), call.layer),
  channels: kernelChannels({ outAxis: -1, inAxis: 0, units: 'units', foldable: () => undefined, batchNormFold: { kernel: 'kernel', outputChannelOf: lastAxisChannel } }),
};
