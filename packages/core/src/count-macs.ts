import * as tfl from '@tensorflow/tfjs-layers';
import { TfjsPruneError } from '@tfjs-prune/errors';

import { shortName } from './prunable-weights.js';

export interface MacCount {
  /** Multiply-accumulates for one example at inference, summed over every layer. */
  readonly total: number;
  /** Every layer that is not itself a model, in model order; nested layers as `outer/inner`. */
  readonly perLayer: { layer: string; macs: number }[];
}

export type CountMacsErrorCode = 'MACS_UNKNOWN_SHAPE' | 'MACS_UNKNOWN_LAYER';

export class CountMacsError extends TfjsPruneError<CountMacsErrorCode> {
  override readonly name = 'CountMacsError';
}

/** Shapes of one call of a layer, batch dimension included (`null`). */
type Shape = (number | null)[];
type Call = { input: Shape; output: Shape };
type Rule = (sizes: Record<string, number>, call: Call, channelsFirst: boolean, layer: string) => number;

/** A layer's spatial positions: every dimension but batch and channels. */
const positions = (shape: Shape, channelsFirst: boolean, layer: string): number =>
  product(channelsFirst ? shape.slice(2) : shape.slice(1, -1), layer);
const convolution: Rule = (w, call, cf, layer) => (w.kernel ?? 0) * positions(call.output, cf, layer);
const recurrent: Rule = (w, call, _cf, layer) => ((w.kernel ?? 0) + (w.recurrent_kernel ?? 0)) * product(call.input.slice(1, 2), layer);

/**
 * One rule per layer class, from its weight sizes and the shapes of a call. A kernel entry is one
 * multiply-accumulate for each output position it is applied at (each input position for a
 * transposed convolution, which scatters); biases are additions, not counted.
 */
const MAC_RULES: Readonly<Record<string, Rule>> = {
  // Dense on a [batch, ..., in] input is applied at every leading position.
  Dense: (w, call, _cf, layer) => (w.kernel ?? 0) * product(call.output.slice(1, -1), layer),
  Conv1D: convolution,
  Conv2D: convolution,
  Conv3D: convolution,
  Conv2DTranspose: (w, call, cf, layer) => (w.kernel ?? 0) * positions(call.input, cf, layer),
  DepthwiseConv2D: (w, call, cf, layer) => (w.depthwise_kernel ?? 0) * positions(call.output, cf, layer),
  SeparableConv2D: (w, call, cf, layer) => ((w.depthwise_kernel ?? 0) + (w.pointwise_kernel ?? 0)) * positions(call.output, cf, layer),
  // Every timestep multiplies the input by the kernel and the state by the recurrent kernel
  // (all gate blocks are in those two matrices).
  SimpleRNN: recurrent,
  LSTM: recurrent,
  GRU: recurrent,
};

/**
 * Layers whose weights are not multiplied with activations (lookups, per-channel scale and shift)
 * or that have no weights worth counting. Together with weightless layers (pooling, activations,
 * merges such as `Add`, reshapes, dropout) they count 0: their cost is elementwise, not MACs.
 */
const ZERO_MAC_CLASSES: ReadonlySet<string> = new Set(['Embedding', 'BatchNormalization', 'LayerNormalization', 'PReLU']);

/**
 * Multiply-accumulates of one example through `model` at inference, per layer: exact for `Dense`,
 * `Conv1D/2D/3D`, `Conv2DTranspose`, `DepthwiseConv2D`, `SeparableConv2D` (depthwise and
 * pointwise), and `SimpleRNN`/`LSTM`/`GRU` (per timestep times the timesteps). Pooling,
 * normalization, activations, merges (`Add`, `Concatenate`, ...), `Embedding` and every other
 * weightless layer count 0. Nested models are walked and counted once per call; a layer called
 * twice counts twice.
 *
 * Throws a {@link CountMacsError} rather than guess: `MACS_UNKNOWN_LAYER` for a layer with
 * weights that no rule covers (a custom layer, a wrapper such as `Bidirectional`), and
 * `MACS_UNKNOWN_SHAPE` when a counted dimension is not fixed (e.g. an input of shape
 * `[null, null, 3]`).
 */
export function countMacs(model: tfl.LayersModel): MacCount {
  const perLayer: { layer: string; macs: number }[] = [];
  const visit = (container: tfl.LayersModel, prefix: string, calls: number): void => {
    for (const layer of container.layers) {
      const path = prefix === '' ? layer.name : `${prefix}/${layer.name}`;
      if (layer instanceof tfl.LayersModel) {
        visit(layer, path, calls * Math.max(1, appliedCalls(layer).length));
        continue;
      }
      perLayer.push({ layer: path, macs: calls * layerMacs(layer, path) });
    }
  };
  visit(model, '', 1);
  return { total: perLayer.reduce((sum, l) => sum + l.macs, 0), perLayer };
}

function layerMacs(layer: tfl.layers.Layer, path: string): number {
  const className = layer.getClassName();
  const rule = MAC_RULES[className];
  if (rule === undefined) {
    if (layer.weights.length === 0 || ZERO_MAC_CLASSES.has(className)) return 0;
    throw new CountMacsError(
      'MACS_UNKNOWN_LAYER',
      `countMacs: layer "${path}" (${className}) has weights but no MAC rule; counted classes are ${Object.keys(MAC_RULES).join(', ')}`,
    );
  }
  const sizes: Record<string, number> = {};
  for (const w of layer.weights) sizes[shortName(w.originalName)] = w.shape.reduce<number>((a, b) => a * (b ?? 0), 1);
  const channelsFirst = (layer.getConfig() as { dataFormat?: string }).dataFormat === 'channelsFirst';
  return appliedCalls(layer).reduce((sum, call) => sum + rule(sizes, call, channelsFirst, path), 0);
}

/** The shapes of every call of `layer` on symbolic inputs (an InputLayer's own node has none). */
function appliedCalls(layer: tfl.layers.Layer): Call[] {
  return layer.inboundNodes
    .filter((node) => node.inboundLayers.length > 0)
    .map((node) => ({ input: firstShape(node.inputShapes), output: firstShape(node.outputShapes) }));
}

function firstShape(shapes: Shape | Shape[]): Shape {
  return (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
}

function product(dims: Shape, layer: string): number {
  let result = 1;
  for (const d of dims) {
    if (d === null) {
      throw new CountMacsError('MACS_UNKNOWN_SHAPE', `countMacs: layer "${layer}" has a dimension that is not fixed (null); give the model's input a full shape`);
    }
    result *= d;
  }
  return result;
}
