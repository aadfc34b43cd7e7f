import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { type BatchNormFoldSpec, type ChannelHandler, channelsOf, type LayerCall, type WeightReader } from '../../channel-graph/channel-handler.js';
import { configOf, type LayerConfig, refuseChannelsFirst } from './layer-config.js';

/**
 * What each output channel outputs for every input when its kernel slice (`kernel` on `outAxis`) is
 * all zero: the activation of its bias (of 0 without a bias); null for channels with weights left.
 */
export function zeroKernelOutputs(kernel: string, outAxis: number) {
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
 * Channel flow of kernel layers: output units on `outAxis` of the kernel, input channels on
 * `inAxis`, one bias entry per unit. A softmax activation couples all units, so its outputs are
 * never narrowed. `foldable` says why a constant input cannot fold into the bias, if it cannot.
 */
export function kernelChannels(options: {
  outAxis: number;
  inAxis: number;
  units: string;
  foldable: (config: LayerConfig) => string | undefined;
  batchNormFold: BatchNormFoldSpec;
}): ChannelHandler {
  return {
    kind: 'producer',
    batchNormFold: options.batchNormFold,
    trace(call: LayerCall, tracer) {
      const refusal = refuseChannelsFirst(call.layer);
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
