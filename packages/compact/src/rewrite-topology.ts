import type * as tfl from '@tensorflow/tfjs-layers';
import type { ChannelGraph } from '@tfjs-prune/core';
import { channelHandlerFor, tensorKey } from '@tfjs-prune/core/internal';

type Json = Record<string, unknown>;
/** One layer of a saved topology's `layers` list (functional entries also carry `inbound_nodes`). */
export interface LayerEntry {
  class_name: string;
  config: Json;
  name?: string;
}

/** Classes whose topology entry holds a nested `layers` list. */
export const CONTAINERS = new Set(['Sequential', 'Model', 'Functional']);

/** Channels left on each traced tensor once the removed groups are gone. */
export function keptChannels(graph: ChannelGraph, removed: ReadonlySet<string>): Map<string, number> {
  const kept = new Map<string, number>();
  for (const [key, tensor] of graph.tensors) kept.set(key, tensor.groups.filter((g) => g === null || !removed.has(g)).length);
  return kept;
}

/**
 * The model's JSON topology with every resized layer's units/filters rewritten, and the input
 * shapes of nested models narrowed to what now flows into them. Everything else is the original.
 */
export function rewriteTopology(model: tfl.LayersModel, graph: ChannelGraph, kept: ReadonlyMap<string, number>, layers: ReadonlyMap<string, tfl.layers.Layer>): Json {
  const topology = model.toJSON(undefined, false) as unknown as { config: Json };
  const newSizeAt = new Map<string, number>();
  for (const node of graph.trace) {
    if (!node.layer || !node.handler || !channelHandlerFor(node.handler)?.resize) continue;
    const size = kept.get(node.outputs[0] ?? '');
    const before = graph.tensors.get(node.outputs[0] ?? '')?.groups.length;
    if (size !== undefined && size !== before) newSizeAt.set(node.path, size);
  }
  visit(topology.config, '', newSizeAt, kept, layers, graph);
  return topology as unknown as Json;
}

function visit(config: Json, prefix: string, sizes: ReadonlyMap<string, number>, kept: ReadonlyMap<string, number>, layers: ReadonlyMap<string, tfl.layers.Layer>, graph: ChannelGraph): void {
  const entries = (config['layers'] ?? []) as LayerEntry[];
  for (const entry of entries) {
    const name = (entry.config['name'] as string | undefined) ?? entry.name ?? '';
    const path = `${prefix}${name}`;
    if (CONTAINERS.has(entry.class_name)) {
      narrowNestedInputs(entry, layers.get(path) as tfl.LayersModel | undefined, kept, graph);
      visit(entry.config, `${path}/`, sizes, kept, layers, graph);
      continue;
    }
    const size = sizes.get(path);
    const layer = layers.get(path);
    if (size !== undefined && layer) channelHandlerFor(layer.getClassName())?.resize?.(entry.config, size);
  }
}

function setLastDim(config: Json, size: number): void {
  const shape = config['batch_input_shape'] as (number | null)[] | undefined;
  if (shape) config['batch_input_shape'] = [...shape.slice(0, -1), size];
}

/** A nested model's declared input shape must follow the narrowed tensor that now feeds it. */
function narrowNestedInputs(entry: LayerEntry, nested: tfl.LayersModel | undefined, kept: ReadonlyMap<string, number>, graph: ChannelGraph): void {
  if (!nested) return;
  const entries = (entry.config['layers'] ?? []) as LayerEntry[];
  nested.inputs.forEach((input, i) => {
    const key = tensorKey(input);
    const size = kept.get(key);
    if (size === undefined || size === graph.tensors.get(key)?.groups.length) return;
    const inputLayer = entries.find((e) => e.class_name === 'InputLayer' && e.config['name'] === input.sourceLayer.name);
    const target = inputLayer ?? (i === 0 && entry.class_name === 'Sequential' ? entries[0] : undefined);
    if (target) setLastDim(target.config, size);
  });
}
