import { channelsOf } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
import { zeroKernelOutputs } from './kernel-layer.js';
import { noMacs } from './macs.js';

/** Embedding: rows, not units, so only unstructured, block and n:m apply to its table; its output dimension is a producer. */
export const embedding: LayerHandler = {
  weights: [{ name: 'embeddings' }],
  // A lookup: nothing is multiplied.
  macs: noMacs,
  channels: {
    kind: 'producer',
    trace(call, tracer) {
      tracer.block(call.inputs[0] ?? [], `Embedding "${call.layer.name}" reads its input as token indices, not channels`);
      const out = tracer.fresh(channelsOf(call.outputShapes[0]) ?? 0);
      tracer.attach(out, 'out', (positions) => [{ weight: 'embeddings', axis: 1, indices: positions }]);
      return [out];
    },
    resize(config, outChannels) {
      config['output_dim'] = outChannels;
    },
    // A lookup has neither bias nor activation: a column of zeros outputs 0 for every token.
    constantOutputs: zeroKernelOutputs('embeddings', 1),
  },
};
