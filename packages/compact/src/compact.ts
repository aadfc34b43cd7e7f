import * as tfl from '@tensorflow/tfjs-layers';
import { channelGraph, type ChannelGraph } from '@tfjs-prune/core';
import { requireLayersModel } from '@tfjs-prune/core/internal';

import { channelValues } from './channel-values.js';
import type { CompactionReport, LayerResize } from './compaction-report.js';
import { foldBatchNorm } from './fold-batch-norm.js';
import { macsOf } from './macs-of.js';
import { layersByPath, readLayerWeights, type WeightValues } from './model-weights.js';
import { rebuildModel } from './rebuild-model.js';
import { planRemoval } from './removal-plan.js';
import { keptChannels, rewriteTopology } from './rewrite-topology.js';
import { collectRemovals, compactLayerWeights } from './slice-weights.js';

export interface CompactOptions {
  /** Fold the constant output of a removed channel into its consumers' biases where exact. Defaults to true. */
  readonly fold?: boolean;
  /** A graph already computed for this model (e.g. the one pruning used). Defaults to `channelGraph(model)`. */
  readonly graph?: ChannelGraph;
  /**
   * Also merge each BatchNormalization into the Dense or convolution before it (`foldBatchNorm`):
   * faster inference, but the result is for inference only. Defaults to false.
   */
  readonly foldBatchNorm?: boolean;
}

export interface CompactResult {
  readonly model: tfl.LayersModel;
  readonly report: CompactionReport;
}

/**
 * A new LayersModel with the pruned channels physically gone: fewer units, filters and channels,
 * rebuilt from the original's JSON topology with rewritten sizes, and the original's weights
 * sliced into it. Predictions equal the pruned model's. The input model is not modified.
 *
 * ```ts
 * const { model: small, report } = await compact(pruned);
 * console.log(formatCompactionReport(report));
 * await small.save('file://out/compact');
 * ```
 */
export async function compact(model: tfl.LayersModel, options: CompactOptions = {}): Promise<CompactResult> {
  requireLayersModel(model, 'compact');
  const graph = options.graph ?? channelGraph(model);
  const layers = layersByPath(model);
  const weightCache = new Map<string, WeightValues[]>();
  const weightsOf = (path: string): WeightValues[] => {
    let weights = weightCache.get(path);
    if (!weights) {
      const layer = layers.get(path);
      weights = layer && !(layer instanceof tfl.LayersModel) ? readLayerWeights(layer) : [];
      weightCache.set(path, weights);
    }
    return weights;
  };
  const values = channelValues(graph, weightsOf);
  const plan = planRemoval({ graph, values, weightsOf, layerAt: (p) => layers.get(p), fold: options.fold ?? true });
  const kept = keptChannels(graph, plan.removed);
  const topology = rewriteTopology(model, graph, kept, layers);
  const removals = collectRemovals(graph, plan.removed);
  const rebuilt = await rebuildModel(model, topology, { rebuilt: 'with fewer channels', weights: 'compacted' }, (path) => {
    const layer = layers.get(path);
    return layer && !(layer instanceof tfl.LayersModel) && layer.weights.length > 0 ? compactLayerWeights(path, weightsOf(path), removals, plan.folds) : undefined;
  });
  if (options.foldBatchNorm !== true) return { model: rebuilt, report: buildReport(model, rebuilt, graph, kept, plan) };
  try {
    const folded = await foldBatchNorm(rebuilt);
    const { folded: batchNormFolded, leftAlone: batchNormLeftAlone } = folded.report;
    return { model: folded.model, report: { ...buildReport(model, folded.model, graph, kept, plan), batchNorm: { folded: batchNormFolded, leftAlone: batchNormLeftAlone } } };
  } finally {
    rebuilt.dispose();
  }
}

function buildReport(
  model: tfl.LayersModel,
  rebuilt: tfl.LayersModel,
  graph: ChannelGraph,
  kept: ReadonlyMap<string, number>,
  plan: ReturnType<typeof planRemoval>,
): CompactionReport {
  const layers: LayerResize[] = [];
  for (const node of graph.trace) {
    const tensor = graph.tensors.get(node.outputs[0] ?? '');
    if (!node.layer || !tensor || !graph.groups.some((g) => g.members.some((m) => m.layer === node.path && m.role === 'out'))) continue;
    if (layers.some((l) => l.layer === node.path)) continue;
    layers.push({ layer: node.path, layerClass: node.layer.getClassName(), before: tensor.groups.length, after: kept.get(tensor.key) ?? tensor.groups.length });
  }
  return {
    layers,
    parameters: { before: model.countParams(), after: rebuilt.countParams() },
    ...macsOf(model, rebuilt),
    removedChannels: plan.removed.size,
    foldedChannels: new Set(plan.folds.map((f) => f.group)).size,
    kept: plan.kept,
    skipped: graph.skipped,
  };
}
