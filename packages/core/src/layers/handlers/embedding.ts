import { channelsOf } from '../../channel-graph/channel-handler.js';
import type { LayerHandler } from '../layer-handler.js';
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
    constantOutputs(_layer, read, channels) {
      const table = read('embeddings');
      if (!table) return Array.from({ length: channels }, () => null);
      const rows = table.shape[0] ?? 0;
      return Array.from({ length: channels }, (_, c) => {
        for (let r = 0; r < rows; r++) if (table.values[r * channels + c] !== 0) return null;
        return 0;
      });
    },
  },
};
