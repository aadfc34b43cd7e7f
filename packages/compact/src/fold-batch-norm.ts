import * as tfl from '@tensorflow/tfjs-layers';
import type { BatchNormFoldSpec } from '@tfjs-prune/core';
import { channelHandlerFor, requireLayersModel } from '@tfjs-prune/core/internal';

import { rebuildModel } from './rebuild-model.js';
import { layersByPath, readLayerWeights, type WeightValues } from './model-weights.js';
import { CONTAINERS, type LayerEntry } from './rewrite-topology.js';

/** A BatchNormalization layer merged into the layer that feeds it. */
export interface BatchNormFold {
  readonly batchNorm: string;
  readonly into: string;
}

/** A BatchNormalization layer that stays, and why folding it would not be exact. */
export interface BatchNormLeftAlone {
  readonly batchNorm: string;
  readonly reason: string;
}

export interface BatchNormFoldReport {
  readonly folded: readonly BatchNormFold[];
  readonly leftAlone: readonly BatchNormLeftAlone[];
  readonly parameters: { readonly before: number; readonly after: number };
}

/**
 * Where a producer keeps the kernel BN's per-channel scale multiplies, and which flat kernel entry
 * feeds which output channel: its layer handler's `batchNormFold` (core's one layer table), or
 * undefined when a BN after it cannot be folded.
 */
function foldSpecOf(layer: tfl.layers.Layer): BatchNormFoldSpec | undefined {
  return channelHandlerFor(layer.getClassName())?.batchNormFold;
}

interface FoldPlan {
  readonly batchNorm: tfl.layers.Layer;
  readonly producer: tfl.layers.Layer;
  readonly producerPath: string;
  readonly batchNormPath: string;
}

/**
 * A new LayersModel for inference in which every BatchNormalization that directly follows a
 * linear Dense or convolution is merged into it: the kernel scaled by γ/√(σ²+ε) per channel, the
 * bias shifted to β − μ·γ/√(σ²+ε). One layer and one pass over the activations fewer per BN, the
 * same predictions up to float rounding. The moving statistics are baked in, so the result is for
 * inference, not further training. A BN that cannot be folded exactly stays, with its reason in
 * `report.leftAlone`. The input model is not modified.
 */
export async function foldBatchNorm(model: tfl.LayersModel): Promise<{ model: tfl.LayersModel; report: BatchNormFoldReport }> {
  requireLayersModel(model, 'foldBatchNorm');
  const layers = layersByPath(model);
  const plans: FoldPlan[] = [];
  const leftAlone: BatchNormLeftAlone[] = [];
  for (const [path, layer] of layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const verdict = foldability(layer, containerOf(model, path));
    if (typeof verdict === 'string') leftAlone.push({ batchNorm: path, reason: verdict });
    else plans.push({ batchNorm: layer, producer: verdict, producerPath: `${path.slice(0, path.lastIndexOf('/') + 1)}${verdict.name}`, batchNormPath: path });
  }
  const topology = model.toJSON(undefined, false) as unknown as { config: Json };
  rewrite(topology.config, '', plans);
  const foldedInto = new Map(plans.map((p) => [p.producerPath, p]));
  const rebuilt = await rebuildModel(model, topology, { rebuilt: 'with its BatchNormalization folded', weights: 'folded' }, (path) => {
    const plan = foldedInto.get(path);
    const source = layers.get(path);
    return plan ? foldedWeights(plan) : source ? readLayerWeights(source) : undefined;
  });
  return {
    model: rebuilt,
    report: {
      folded: plans.map((p) => ({ batchNorm: p.batchNormPath, into: p.producerPath })),
      leftAlone,
      parameters: { before: model.countParams(), after: rebuilt.countParams() },
    },
  };
}

/** The (possibly nested) model whose graph holds the layer at `path`. */
function containerOf(model: tfl.LayersModel, path: string): tfl.LayersModel {
  let container = model;
  for (const name of path.split('/').slice(0, -1)) container = container.getLayer(name) as tfl.LayersModel;
  return container;
}

/** The producer to fold `bn` into, or the reason folding would not be exact. */
function foldability(bn: tfl.layers.Layer, container: tfl.LayersModel): tfl.layers.Layer | string {
  if (bn.inboundNodes.length !== 1) return `shared: called ${bn.inboundNodes.length} times`;
  const node = bn.inboundNodes[0]!;
  const producer = node.inboundLayers[0];
  const rank = node.inputTensors[0]?.shape.length ?? 0;
  const axis = (bn.getConfig()['axis'] as number | number[] | undefined) ?? -1;
  if (Array.isArray(axis) || (axis !== -1 && axis !== rank - 1)) return `normalizes axis ${JSON.stringify(axis)}, not the channels-last axis`;
  if (!producer || foldSpecOf(producer) === undefined) {
    return `its input comes from ${producer ? `"${producer.name}" (${producer.getClassName()})` : 'no layer'}, which has no kernel to fold into`;
  }
  const activation = producer.getConfig()['activation'];
  if (activation !== undefined && activation !== 'linear') return `"${producer.name}" applies ${JSON.stringify(activation)} before the normalization`;
  if (producer.inboundNodes.length !== 1) return `"${producer.name}" is shared (called ${producer.inboundNodes.length} times)`;
  if (producer.outboundNodes.length !== 1) {
    const readers = producer.outboundNodes.map((n) => n.outboundLayer.name).filter((n) => n !== bn.name);
    return `"${producer.name}"'s output is also read by ${readers.map((r) => `"${r}"`).join(', ')}`;
  }
  if (container.outputs.some((o) => o.sourceLayer === producer)) return `"${producer.name}"'s output is also a model output`;
  return producer;
}

/** The producer's kernel scaled and its bias shifted by the BN it absorbs. */
function foldedWeights(plan: FoldPlan): WeightValues[] {
  const bnWeights = readLayerWeights(plan.batchNorm);
  const channels = bnWeights[0]?.shape[0] ?? 0;
  const of = (name: string, fill: number) => bnWeights.find((w) => w.name === name)?.values ?? new Float32Array(channels).fill(fill);
  const gamma = of('gamma', 1);
  const beta = of('beta', 0);
  const mean = of('moving_mean', 0);
  const variance = of('moving_variance', 1);
  const epsilon = plan.batchNorm.getConfig()['epsilon'] as number;
  const scale = gamma.map((g, c) => g / Math.sqrt((variance[c] ?? 1) + epsilon));

  const spec = foldSpecOf(plan.producer)!;
  const weights = readLayerWeights(plan.producer);
  const kernel = weights.find((w) => w.name === spec.kernel)!;
  const channelOf = spec.outputChannelOf(kernel.shape);
  const scaledKernel = kernel.values.map((v, flat) => v * (scale[channelOf(flat)] ?? 1));
  const oldBias = weights.find((w) => w.name === 'bias')?.values ?? new Float32Array(channels);
  const bias = oldBias.map((b, c) => (b - (mean[c] ?? 0)) * (scale[c] ?? 1) + (beta[c] ?? 0));
  return [
    ...weights.filter((w) => w.name !== 'bias').map((w) => (w === kernel ? { ...w, values: scaledKernel } : w)),
    { name: 'bias', values: bias, shape: [channels] },
  ];
}

type Json = Record<string, unknown>;
type InboundRef = [string, number, number, Json?];
type FunctionalEntry = LayerEntry & { inbound_nodes?: InboundRef[][] };

/** Drops each folded BN from the topology, points its readers at the producer, gives the producer a bias. */
function rewrite(config: Json, prefix: string, plans: readonly FoldPlan[]): void {
  const entries = (config['layers'] ?? []) as FunctionalEntry[];
  const here = plans.filter((p) => p.batchNormPath === `${prefix}${p.batchNorm.name}`);
  const producerOf = new Map(here.map((p) => [p.batchNorm.name, p.producer.name]));
  const nameOf = (entry: FunctionalEntry) => (entry.config['name'] as string | undefined) ?? entry.name ?? '';
  const redirect = (ref: InboundRef | [string, number, number]) => {
    const producer = producerOf.get(ref[0]);
    if (producer !== undefined) ref[0] = producer;
  };
  config['layers'] = entries.filter((entry) => !producerOf.has(nameOf(entry)));
  for (const entry of config['layers'] as FunctionalEntry[]) {
    const name = nameOf(entry);
    if (CONTAINERS.has(entry.class_name)) rewrite(entry.config, `${prefix}${name}/`, plans);
    if (here.some((p) => p.producer.name === name)) entry.config['use_bias'] = true;
    for (const node of entry.inbound_nodes ?? []) node.forEach(redirect);
  }
  for (const ref of (config['output_layers'] ?? []) as [string, number, number][]) redirect(ref);
}
