import { lastAxisChannel } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
import { kernelChannels } from './kernel-layer.js';

/** Dense: kernel [inputs, units]; a constant input always folds into the bias. */
export const dense: LayerHandler = {
  weights: [{ name: 'kernel', unitAxis: -1 }],
  channels: kernelChannels({ outAxis: -1, inAxis: 0, units: 'units', foldable: () => undefined, batchNormFold: { kernel: 'kernel', outputChannelOf: lastAxisChannel } }),
};
