import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { type ChannelHandler, type ChannelRow, channelsOf, type LayerCall, type Unsupported, type WeightReader } from '../channel-handler.js';

type LayerConfig = Record<string, unknown>;

function configOf(layer: tfl.layers.Layer): LayerConfig {
  return layer.getConfig() as LayerConfig;
}

function channelsFirst(layer: tfl.layers.Layer): Unsupported | undefined {
  return configOf(layer)['dataFormat'] === 'channelsFirst'
    ? { unsupported: `${layer.getClassName()} "${layer.name}" uses dataFormat channelsFirst; the channel graph reads channels on the last axis` }
    : undefined;
}

/** Activation of each bias entry (0 without a bias): what a channel with an all-zero kernel slice outputs. */
function activatedBias(layer: tfl.layers.Layer, read: WeightReader, channels: number): (number | null)[] {
  const activation = (layer as unknown as { activation?: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string } }).activation;
  const bias = read('bias')?.values ?? new Float32Array(channels);
  if (!activation) return Array.from(bias);
  return tf.tidy(() => Array.from(activation.apply(tf.tensor1d(bias)).dataSync()));
}

/**
 * Kernel layers: output units on `outAxis` of the kernel, input channels on `inAxis`, one bias
 * entry per unit. A softmax activation couples all units, so its outputs are never narrowed.
 */
function kernelLayer(options: { outAxis: number; inAxis: number; units: string; foldable: (config: LayerConfig) => string | undefined }): ChannelHandler {
  return {
    kind: 'producer',
    trace(call: LayerCall, tracer) {
      const refusal = channelsFirst(call.layer);
      if (refusal) return refusal;
      if (configOf(call.layer)['activation'] === 'softmax') {
        return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" has a softmax activation, which mixes its units` };
      }
      const input = call.inputs[0] ?? [];
      tracer.attach(input, 'in', (positions) => [{ weight: 'kernel', axis: options.inAxis, indices: positions }], 0);
      const out = tracer.fresh(channelsOf(call.outputShapes[0]) ?? 0);
      tracer.attach(out, 'out', (positions) => [
        { weight: 'kernel', axis: options.outAxis, indices: positions },
        { weight: 'bias', axis: 0, indices: positions },
      ]);
      return [out];
    },
    resize(config, outChannels) {
      config[options.units] = outChannels;
    },
    constantOutputs: activatedBias,
    foldInto(layer) {
      const config = configOf(layer);
      if (config['useBias'] === false) return { unsupported: `"${layer.name}" has no bias to absorb a constant input` };
      const reason = options.foldable(config);
      return reason ? { unsupported: `"${layer.name}" ${reason}` } : { kernel: 'kernel', bias: 'bias' };
    },
  };
}

const always = () => undefined;

/** Zero padding makes a constant input non-constant at the borders, unless every kernel tap is 1x1. */
function validOrPointwise(config: LayerConfig): string | undefined {
  const kernel = config['kernelSize'];
  const sizes = Array.isArray(kernel) ? (kernel as number[]) : [kernel as number];
  if (config['padding'] === 'valid' || sizes.every((k) => k === 1)) return undefined;
  return `pads its input (padding "${String(config['padding'])}"), so a constant input channel is not constant at the borders`;
}

export const dense = kernelLayer({ outAxis: -1, inAxis: 0, units: 'units', foldable: always });
export const conv = kernelLayer({ outAxis: -1, inAxis: -2, units: 'filters', foldable: validOrPointwise });
// tfjs stores transposed kernels as [kh, kw, filters, inChannels].
export const convTranspose = kernelLayer({
  outAxis: -2,
  inAxis: -1,
  units: 'filters',
  foldable: () => 'is a transposed convolution, whose output borders see fewer taps',
});

/** SeparableConv2D: each input channel owns `depthMultiplier` depthwise filters and as many pointwise rows. */
export const separableConv: ChannelHandler = {
  kind: 'producer',
  trace(call, tracer) {
    const refusal = channelsFirst(call.layer);
    if (refusal) return refusal;
    const multiplier = (configOf(call.layer)['depthMultiplier'] as number | undefined) ?? 1;
    const input = call.inputs[0] ?? [];
    tracer.attach(
      input,
      'in',
      (positions) => [
        { weight: 'depthwise_kernel', axis: 2, indices: positions },
        { weight: 'pointwise_kernel', axis: 2, indices: positions.flatMap((p) => Array.from({ length: multiplier }, (_, m) => p * multiplier + m)) },
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
  constantOutputs: activatedBias,
};

/** Embedding reads token indices, not channels; its output dimension is a producer. */
export const embedding: ChannelHandler = {
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
};

export type { ChannelRow };
