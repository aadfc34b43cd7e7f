import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ChannelGraph, TracedNode } from '@tfjs-prune/core';
import { channelHandlerFor } from '@tfjs-prune/core/internal';

import { readerOf, type WeightValues } from './model-weights.js';

/** Per channel position of a tensor: the value it takes for every model input, or null if it varies. */
export type ChannelValues = readonly (number | null)[];

/** Sizes for unknown (non-batch) dimensions when a layer is evaluated on probe inputs. */
const PROBE_SIZE = 3;

/**
 * Which channels are constant, tensor by tensor, following the traced graph: a producer channel
 * with an all-zero kernel slice outputs the activation of its bias; a channelwise layer (BN,
 * activation, pooling, merge, ...) is evaluated on probe inputs where constant channels hold their
 * value and varying channels hold random noise, twice with different noise: an output channel that
 * is the same everywhere and in both runs is constant. Zero padding and 'same' depthwise filters
 * thereby turn constants into varying channels, as they should.
 */
export function channelValues(graph: ChannelGraph, weightsOf: (path: string) => readonly WeightValues[]): Map<string, ChannelValues> {
  const values = new Map<string, ChannelValues>();
  const unknown = (key: string) => (graph.tensors.get(key)?.groups ?? []).map(() => null);
  for (const key of graph.modelInputs) values.set(key, unknown(key));
  for (const node of graph.trace) {
    const inputs = node.inputs.map((k) => values.get(k) ?? unknown(k));
    const outputs = evaluateNode(graph, node, inputs, weightsOf);
    node.outputs.forEach((key, i) => values.set(key, outputs?.[i] ?? unknown(key)));
  }
  return values;
}

function evaluateNode(
  graph: ChannelGraph,
  node: TracedNode,
  inputs: readonly ChannelValues[],
  weightsOf: (path: string) => readonly WeightValues[],
): ChannelValues[] | undefined {
  if (!node.layer) return [inputs[0] ?? []];
  const handler = node.handler === undefined ? undefined : channelHandlerFor(node.handler);
  if (!handler) return undefined;
  if (handler.kind === 'producer') {
    const channels = graph.tensors.get(node.outputs[0] ?? '')?.groups.length ?? 0;
    return handler.constantOutputs ? [handler.constantOutputs(node.layer, readerOf(weightsOf(node.path)), channels)] : undefined;
  }
  if (inputs.every((row) => row.every((v) => v === null))) return undefined;
  const shapes = node.inputs.map((k) => (graph.tensors.get(k)?.shape ?? []).map((d, i) => (i === 0 ? 1 : (d ?? PROBE_SIZE))));
  let first: (number | null)[][];
  let second: (number | null)[][];
  try {
    first = probe(node.layer, shapes, inputs, 1);
    second = probe(node.layer, shapes, inputs, 2);
  } catch {
    // A layer that cannot run on probe inputs just has no known constants: its channels stay.
    return undefined;
  }
  return first.map((row, o) => row.map((v, c) => (v !== null && v === second[o]?.[c] ? v : null)));
}

/** Evaluates `layer` once on probe inputs; per output channel, its value if uniform over positions. */
function probe(layer: tfl.layers.Layer, shapes: number[][], inputs: readonly ChannelValues[], seed: number): (number | null)[][] {
  let rows: (number | null)[][] = [];
  tf.tidy(() => {
    const tensors = shapes.map((shape, i) => {
      const row = inputs[i] ?? [];
      const size = shape.reduce((a, d) => a * d, 1);
      const data = new Float32Array(size);
      let state = (seed * 7919 + i * 104729) >>> 0;
      for (let e = 0; e < size; e++) {
        const constant = row[e % row.length];
        state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
        data[e] = constant ?? (state / 2 ** 32) * 4 - 2;
      }
      return tf.tensor(data, shape);
    });
    const result = layer.apply(tensors.length === 1 ? tensors[0]! : tensors, { training: false }) as tf.Tensor | tf.Tensor[];
    rows = (Array.isArray(result) ? result : [result]).map((out) => {
      const data = out.dataSync();
      const channels = out.shape[out.shape.length - 1] ?? 1;
      const row: (number | null)[] = Array.from(data.subarray(0, channels));
      for (let e = channels; e < data.length; e++) if (row[e % channels] !== data[e]) row[e % channels] = null;
      return row;
    });
  });
  return rows;
}
