import * as tfl from '@tensorflow/tfjs-layers';

import { type ChannelHandler, channelsOf, type ChannelRow, type ChannelTracer, isUnsupported, type LayerCall, type SliceSpec, type Unsupported } from './channel-handler.js';
import { channelHandlerFor } from './channel-handlers.js';
import { ChannelIds } from './channel-ids.js';
import type { ChannelGraph, ChannelSlice, ChannelUse, SliceRole, TracedNode } from './channel-types.js';
import { collectGraph } from './collect-graph.js';
import type { GraphWalk } from './graph-walk.js';

type Symbolic = tfl.SymbolicTensor;
interface InboundNode {
  readonly inputTensors: Symbolic[];
  readonly outputTensors: Symbolic[];
}

/** What a layer's first call left for its later calls (shared layers). */
interface SharedCall {
  readonly inputs: ChannelRow[];
  readonly outputs: ChannelRow[];
  /** Inputs the handler reads through weights (recorded as uses). */
  readonly readInputs: ReadonlySet<number>;
}

export const tensorKey = (t: Symbolic): string => `t${t.id}`;

function shortWeightName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * The channel dependency graph of `model`, read from its topology (the inbound nodes of every
 * layer, nested models included). Never throws for an unknown layer: it blocks the channels that
 * touch it and reports why.
 */
export function channelGraph(model: tfl.LayersModel): ChannelGraph {
  const walk: GraphWalk = { ids: new ChannelIds(), rows: new Map(), shapes: new Map(), trace: [], members: new Map(), uses: new Map() };
  const inputs = model.inputs.map((t) => {
    const name = t.sourceLayer.name;
    const row = walk.ids.fresh(channelsOf(t.shape) ?? 1, `input "${name}"`);
    for (const id of row) walk.ids.block(id, `tied to the model input "${name}"`);
    return row;
  });
  const outputs = walkContainer(walk, model, '', inputs, model.inputs.map(tensorKey));
  model.outputs.forEach((t, i) => {
    for (const id of outputs[i] ?? []) walk.ids.block(id, `tied to the model output "${t.sourceLayer.name}"`);
  });
  return collectGraph(walk, model.inputs.map(tensorKey));
}

function walkContainer(walk: GraphWalk, container: tfl.LayersModel, prefix: string, inputRows: ChannelRow[], outerKeys: string[]): ChannelRow[] {
  container.inputs.forEach((t, i) => {
    const key = tensorKey(t);
    walk.rows.set(key, inputRows[i] ?? []);
    walk.shapes.set(key, t.shape);
    if (outerKeys[i] !== key) walk.trace.push({ layer: undefined, path: `${prefix}<input ${i}>`, handler: undefined, inputs: [outerKeys[i]!], outputs: [key] });
  });
  const owned = (container as unknown as { containerNodes?: Set<string> }).containerNodes;
  const pending: { layer: tfl.layers.Layer; node: InboundNode }[] = [];
  for (const layer of container.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    (layer.inboundNodes as unknown as InboundNode[]).forEach((node, index) => {
      if (!owned || owned.size === 0 || owned.has(`${layer.name}_ib-${index}`)) pending.push({ layer, node });
    });
  }
  const traced = new Map<tfl.layers.Layer, SharedCall>();
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const { layer, node } = pending[i]!;
      if (!node.inputTensors.every((t) => walk.rows.has(tensorKey(t)))) continue;
      pending.splice(i--, 1);
      progress = true;
      walkNode(walk, layer, node, prefix, traced);
    }
  }
  return container.outputs.map((t) => walk.rows.get(tensorKey(t)) ?? []);
}

function walkNode(
  walk: GraphWalk,
  layer: tfl.layers.Layer,
  node: InboundNode,
  prefix: string,
  traced: Map<tfl.layers.Layer, SharedCall>,
): void {
  const path = `${prefix}${layer.name}`;
  const inputKeys = node.inputTensors.map(tensorKey);
  const outputKeys = node.outputTensors.map(tensorKey);
  const inputs = inputKeys.map((k) => walk.rows.get(k) ?? []);
  let outputs: ChannelRow[];
  let handlerName: string | undefined;
  if (layer instanceof tfl.LayersModel) {
    const inner = walkContainer(walk, layer, `${path}/`, inputs, inputKeys);
    layer.outputs.forEach((t, i) => {
      walk.trace.push({ layer: undefined, path: `${path}/<output ${i}>`, handler: undefined, inputs: [tensorKey(t)], outputs: [outputKeys[i]!] });
    });
    setOutputs(walk, node, inner);
    return;
  }
  const previous = traced.get(layer);
  const handler = channelHandlerFor(layer.getClassName());
  if (previous && handler) {
    // A shared layer applies one set of weights to every call: its calls' channels are one.
    previous.inputs.forEach((row, i) => unitePairwise(walk, row, inputs[i] ?? []));
    // Each call reads its own tensor: compaction must check every one of them.
    for (const input of previous.readInputs) recordUses(walk, path, inputs[input] ?? [], inputKeys[input]!);
    outputs = previous.outputs;
    handlerName = layer.getClassName();
  } else {
    const call: LayerCall = { layer, path, inputs, inputShapes: node.inputTensors.map((t) => t.shape), outputShapes: node.outputTensors.map((t) => t.shape) };
    const readInputs = new Set<number>();
    const result = handler
      ? traceSafely(handler, call, tracerFor(walk, call, inputKeys, readInputs))
      : { unsupported: `layer "${path}" (${layer.getClassName()}) is not known to the channel graph; registerLayer can teach it` };
    const fits = !isUnsupported(result) && result.length === node.outputTensors.length && result.every((row, i) => row.length === (channelsOf(node.outputTensors[i]!.shape) ?? 1));
    if (fits) {
      outputs = result as ChannelRow[];
      handlerName = layer.getClassName();
    } else {
      const reason = isUnsupported(result) ? result.unsupported : `layer "${path}" (${layer.getClassName()}) did not map its channels to its output shape`;
      for (const row of inputs) for (const id of row) walk.ids.block(id, reason);
      outputs = node.outputTensors.map((t) => {
        const row = walk.ids.fresh(channelsOf(t.shape) ?? 1, path);
        for (const id of row) walk.ids.block(id, reason);
        return row;
      });
    }
    traced.set(layer, { inputs, outputs, readInputs });
  }
  walk.trace.push({ layer, path, handler: handlerName, inputs: inputKeys, outputs: outputKeys });
  setOutputs(walk, node, outputs);
}

/** A handler that throws (a user's, or a config it did not expect) blocks its layer instead of crashing the walk. */
function traceSafely(handler: ChannelHandler, call: LayerCall, tracer: ChannelTracer): ChannelRow[] | Unsupported {
  try {
    return handler.trace(call, tracer);
  } catch (error) {
    return { unsupported: `the channel handler of "${call.path}" (${call.layer.getClassName()}) failed: ${(error as Error).message}` };
  }
}

function unitePairwise(walk: GraphWalk, a: ChannelRow, b: ChannelRow): void {
  a.forEach((id, i) => {
    const other = b[i];
    if (other !== undefined) walk.ids.unite(id, other);
  });
}

function setOutputs(walk: GraphWalk, node: InboundNode, rows: ChannelRow[]): void {
  node.outputTensors.forEach((t, i) => {
    walk.rows.set(tensorKey(t), rows[i] ?? []);
    walk.shapes.set(tensorKey(t), t.shape);
  });
}

function positionsById(row: ChannelRow): Map<number, number[]> {
  const byId = new Map<number, number[]>();
  row.forEach((id, position) => byId.set(id, [...(byId.get(id) ?? []), position]));
  return byId;
}

function recordUses(walk: GraphWalk, layer: string, row: ChannelRow, tensor: string): void {
  for (const [id, positions] of positionsById(row)) walk.uses.set(id, [...(walk.uses.get(id) ?? []), { layer, tensor, positions }]);
}

function tracerFor(walk: GraphWalk, call: LayerCall, inputKeys: string[], readInputs: Set<number>): ChannelTracer {
  const weights = call.layer.weights;
  const resolve = (spec: SliceSpec, role: SliceRole): ChannelSlice | undefined => {
    const weightIndex = weights.findIndex((w) => shortWeightName(w.originalName) === spec.weight);
    const variable = weights[weightIndex];
    if (!variable) return undefined;
    const rank = variable.shape.length;
    return {
      layer: call.path,
      layerClass: call.layer.getClassName(),
      weight: spec.weight,
      variable: variable.name,
      weightIndex,
      shape: variable.shape.map((d) => d ?? 0),
      axis: spec.axis < 0 ? rank + spec.axis : spec.axis,
      indices: spec.indices,
      role,
      masked: spec.masked ?? true,
    };
  };
  return {
    fresh: (count) => walk.ids.fresh(count, call.path),
    unite: (a, b) => unitePairwise(walk, a, b),
    block: (row, reason) => row.forEach((id) => walk.ids.block(id, reason)),
    attach(row, role, slicesAt, input) {
      for (const [id, positions] of positionsById(row)) {
        const slices = slicesAt(positions).flatMap((spec) => resolve(spec, role) ?? []);
        walk.members.set(id, [...(walk.members.get(id) ?? []), ...slices]);
      }
      if (input !== undefined) {
        readInputs.add(input);
        recordUses(walk, call.path, row, inputKeys[input]!);
      }
    },
  };
}
