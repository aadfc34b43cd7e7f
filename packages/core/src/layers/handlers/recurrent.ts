import type { LayerHandler } from '../layer-handler.js';
import { configOf } from './layer-config.js';
import { product } from './macs.js';

/**
 * LSTM / GRU / SimpleRNN: unit u owns column u of every gate block (tfjs lays gates out as
 * consecutive blocks of `units` columns) in the kernel, the recurrent kernel and the bias, and row
 * u of the recurrent kernel. With all of those zero, the unit's state starts at zero and stays
 * there (every gate sees 0, the candidate is tanh(0) = 0), and no other unit reads it. The kernels
 * interleave gates, so they have no unit axis of their own: "structured" does not apply to them.
 */
function recurrent(gates: number): LayerHandler {
  return {
    weights: [{ name: 'kernel' }, { name: 'recurrent_kernel' }],
    // Every timestep multiplies the input by the kernel and the state by the recurrent kernel
    // (all gate blocks are in those two matrices).
    macs: (call) => ((call.sizes['kernel'] ?? 0) + (call.sizes['recurrent_kernel'] ?? 0)) * product(call.input.slice(1, 2), call.layer),
    channels: {
      kind: 'producer',
      trace(call, tracer) {
        const config = configOf(call.layer);
        if (config['stateful'] === true) return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" is stateful` };
        if (call.outputShapes.length !== 1) {
          return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" returns its states, which the channel graph does not follow` };
        }
        const units = config['units'] as number;
        const columns = (positions: number[]) => positions.flatMap((u) => Array.from({ length: gates }, (_, g) => g * units + u));
        tracer.attach(call.inputs[0] ?? [], 'in', (positions) => [{ weight: 'kernel', axis: 0, indices: positions }], 0);
        const out = tracer.fresh(units);
        tracer.attach(out, 'out', (positions) => [
          { weight: 'kernel', axis: 1, indices: columns(positions) },
          { weight: 'recurrent_kernel', axis: 1, indices: columns(positions) },
          { weight: 'recurrent_kernel', axis: 0, indices: positions },
          { weight: 'bias', axis: 0, indices: columns(positions) },
        ]);
        return [out];
      },
      resize(config, outChannels) {
        config['units'] = outChannels;
      },
      constantOutputs(_layer, read, channels) {
        // A unit is constant (zero) only when every slice above is zero: then its state never moves.
        const kernel = read('kernel');
        const rec = read('recurrent_kernel');
        const bias = read('bias');
        return Array.from({ length: channels }, (_, u) => {
          const zeroColumns = (w: typeof kernel) => {
            if (!w) return true;
            const width = w.shape[1] ?? 0;
            for (let r = 0; r < (w.shape[0] ?? 0); r++) for (let g = 0; g < gates; g++) if (w.values[r * width + g * channels + u] !== 0) return false;
            return true;
          };
          const zeroBias = !bias || Array.from({ length: gates }, (_, g) => bias.values[g * channels + u]).every((v) => v === 0);
          return zeroColumns(kernel) && zeroColumns(rec) && zeroBias ? 0 : null;
        });
      },
      foldInto(layer) {
        return configOf(layer)['useBias'] === false ? { unsupported: `"${layer.name}" has no bias to absorb a constant input` } : { kernel: 'kernel', bias: 'bias' };
      },
    },
  };
}

export const lstm = recurrent(4);
export const gru = recurrent(3);
export const simpleRnn = recurrent(1);
