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

/**
 * What each output channel outputs for every input when its kernel slice (`kernel` on `outAxis`) is
 * all zero: the activation of its bias (of 0 without a bias); null for channels with weights left.
 */
function zeroKernelOutputs(kernel: string, outAxis: number) {
  return (layer: tfl.layers.Layer, read: WeightReader, channels: number): (number | null)[] => {
    const weights = read(kernel);
    if (!weights) return Array.from({ length: channels }, () => null);
    const axis = outAxis < 0 ? weights.shape.length + outAxis : outAxis;
    const inner = weights.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
    const zero = Array.from({ length: channels }, () => true);
    weights.values.forEach((v, i) => {
      if (v !== 0) zero[Math.floor(i / inner) % channels] = false;
    });
    const activation = (layer as unknown as { activation?: { apply(x: tf.Tensor): tf.Tensor } }).activation;
    const bias = read('bias')?.values ?? new Float32Array(channels);
    const activated = activation ? tf.tidy(() => Array.from(activation.apply(tf.tensor1d(bias)).dataSync())) : Array.from(bias);
    return activated.map((v, c) => (zero[c] ? v : null));
  };
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
      const input = call.inputs[0] ?? [];
      tracer.attach(input, 'in', (positions) => [{ weight: 'kernel', axis: options.inAxis, indices: positions }], 0);
      const out = tracer.fresh(channelsOf(call.outputShapes[0]) ?? 0);
      if (configOf(call.layer)['activation'] === 'softmax') {
        // Its inputs can still go; its units cannot: each one's output depends on all the others.
        tracer.block(out, `${call.layer.getClassName()} "${call.layer.name}" has a softmax activation, which mixes its units`);
      }
      tracer.attach(out, 'out', (positions) => [
        { weight: 'kernel', axis: options.outAxis, indices: positions },
        { weight: 'bias', axis: 0, indices: positions },
      ]);
      return [out];
    },
    resize(config, outChannels) {
      config[options.units] = outChannels;
    },
    constantOutputs: zeroKernelOutputs('kernel', options.outAxis),
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

/** SeparableConv2D: input channel c owns depthwise filter c and pointwise row c. */
export const separableConv: ChannelHandler = {
  kind: 'producer',
  trace(call, tracer) {
    const refusal = channelsFirst(call.layer);
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
