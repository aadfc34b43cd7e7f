import type { ChannelHandler, ChannelRow, LayerCall, Unsupported } from '../channel-handler.js';

function config(call: LayerCall): Record<string, unknown> {
  return call.layer.getConfig() as Record<string, unknown>;
}

function refuseChannelsFirst(call: LayerCall): Unsupported | undefined {
  return config(call)['dataFormat'] === 'channelsFirst'
    ? { unsupported: `${call.layer.getClassName()} "${call.layer.name}" uses dataFormat channelsFirst; the channel graph reads channels on the last axis` }
    : undefined;
}

/** True when `axis` (as a layer config gives it) names the last axis of a rank-`rank` tensor. */
function isLastAxis(axis: unknown, rank: number): boolean {
  const values = Array.isArray(axis) ? axis : [axis];
  return values.length === 1 && (values[0] === -1 || values[0] === rank - 1);
}

/** Output channel i is input channel i: activations, dropout, pooling, padding, cropping, upsampling. */
export const passThrough: ChannelHandler = {
  kind: 'channelwise',
  trace(call) {
    return refuseChannelsFirst(call) ?? [call.inputs[0] ?? []];
  },
};

/** An `Activation` layer passes channels through unless it is a softmax, which mixes them. */
export const activation: ChannelHandler = {
  kind: 'channelwise',
  trace(call) {
    if (config(call)['activation'] === 'softmax') {
      return { unsupported: `Activation "${call.layer.name}" is a softmax, which mixes its channels` };
    }
    return [call.inputs[0] ?? []];
  },
};

/** BatchNormalization: γ and β are masked with the channel; the moving statistics only go with it. */
export const batchNormalization: ChannelHandler = {
  kind: 'channelwise',
  trace(call, tracer) {
    if (!isLastAxis(config(call)['axis'], call.inputShapes[0]?.length ?? 0)) {
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
};

/** PReLU: one slope per channel when its alpha is not shared over the channel axis. */
export const prelu: ChannelHandler = {
  kind: 'channelwise',
  trace(call, tracer) {
    const row = call.inputs[0] ?? [];
    const alpha = call.layer.weights.find((w) => w.originalName.endsWith('/alpha') || w.originalName === 'alpha');
    const alphaChannels = alpha?.shape[alpha.shape.length - 1];
    if (alphaChannels === row.length && row.length > 1) {
      tracer.attach(row, 'param', (positions) => [{ weight: 'alpha', axis: -1, indices: positions, masked: false }]);
    }
    return [row];
  },
};

/**
 * DepthwiseConv2D with depthMultiplier 1 keeps channel c as channel c: its filter and bias entry
 * are that channel's parameters. A larger multiplier makes several outputs per input channel, which
 * would need groups of unequal size; it is refused.
 */
export const depthwiseConv: ChannelHandler = {
  kind: 'channelwise',
  trace(call, tracer) {
    const refusal = refuseChannelsFirst(call);
    if (refusal) return refusal;
    const multiplier = (config(call)['depthMultiplier'] as number | undefined) ?? 1;
    if (multiplier !== 1) {
      return { unsupported: `DepthwiseConv2D "${call.layer.name}" has depthMultiplier ${multiplier}; only 1 keeps one output channel per input channel` };
    }
    const row = call.inputs[0] ?? [];
    tracer.attach(row, 'param', (positions) => [
      { weight: 'depthwise_kernel', axis: 2, indices: positions },
      { weight: 'bias', axis: 0, indices: positions },
    ]);
    return [row];
  },
};

/** LayerNormalization (and softmax) compute each output from all channels: removing one changes the rest. */
export function mixesChannels(what: string): ChannelHandler {
  return {
    kind: 'channelwise',
    trace(call) {
      return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" ${what}, so removing a channel would change the others` };
    },
  };
}

/** Add, Subtract, Multiply, Average, Maximum, Minimum: channel i of every input is one channel. */
export const elementwiseMerge: ChannelHandler = {
  kind: 'channelwise',
  trace(call, tracer) {
    const [first, ...rest] = call.inputs;
    if (!first) return [];
    for (const other of rest) {
      if (other.length !== first.length) {
        return { unsupported: `${call.layer.getClassName()} "${call.layer.name}" broadcasts inputs of ${first.length} and ${other.length} channels` };
      }
      tracer.unite(first, other);
    }
    return [first];
  },
};

/** Concatenate on the channel axis lays its inputs' channels side by side; on another axis it merges them. */
export const concatenate: ChannelHandler = {
  kind: 'channelwise',
  trace(call, tracer) {
    const rank = call.outputShapes[0]?.length ?? 0;
    if (isLastAxis(config(call)['axis'], rank)) return [call.inputs.flatMap((row) => [...row])];
    return elementwiseMerge.trace(call, tracer);
  },
};

/** Flatten: channel c of a [..., P positions, C] input lands at p·C + c for every position p. */
export const flatten: ChannelHandler = {
  kind: 'channelwise',
  trace(call) {
    const row: ChannelRow = call.inputs[0] ?? [];
    const shape = call.inputShapes[0] ?? [];
    const spatial = shape.slice(1, -1);
    if (spatial.some((d) => d === null)) return { unsupported: `Flatten "${call.layer.name}" has an input of unknown size` };
    const positions = spatial.reduce<number>((a, d) => a * (d ?? 1), 1);
    return [Array.from({ length: positions }, () => row).flat()];
  },
};

/** Reshape keeps channels only when it leaves the last axis alone (e.g. [h, w, c] to [h·w, c]). */
export const reshape: ChannelHandler = {
  kind: 'channelwise',
  trace(call) {
    const row = call.inputs[0] ?? [];
    const outLast = call.outputShapes[0]?.[(call.outputShapes[0]?.length ?? 1) - 1];
    if (outLast !== row.length) return { unsupported: `Reshape "${call.layer.name}" changes the last axis, mixing channels with positions` };
    return [row];
  },
  resize(json, outChannels) {
    const target = json['target_shape'] as number[];
    json['target_shape'] = [...target.slice(0, -1), outChannels];
  },
};
