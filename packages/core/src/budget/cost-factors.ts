import type * as tfl from '@tensorflow/tfjs-layers';

import { countMacs } from '../count-macs.js';
import { shortName, walkLayers } from '../prunable-weights.js';

/** What a budget counts: multiply-accumulates per example at inference, or parameters. */
export type BudgetMetric = 'macs' | 'params';

/** The weights whose entries each cost MACs in `countMacs`'s rules; biases, BN and embeddings cost none. */
const MAC_WEIGHTS: ReadonlySet<string> = new Set(['kernel', 'recurrent_kernel', 'depthwise_kernel', 'pointwise_kernel']);

/** Per weight of a model: its size and what one of its entries costs. */
export interface WeightCost {
  readonly size: number;
  /** MACs (or 1 parameter) per entry of the weight. */
  readonly perEntry: number;
}

/**
 * What each entry of each weight costs, by variable name. Every MAC rule of `countMacs` is a sum
 * over a layer's MAC-bearing weights of (entries × positions the layer is applied at), so a
 * layer's MACs divided by those weights' entries is the cost of one entry, and a compacted model
 * (same positions, fewer entries) costs the sum over surviving entries. Parameters cost 1 each,
 * the moving statistics of BatchNormalization included, as `countParams` counts them.
 */
export function weightCosts(model: tfl.LayersModel, metric: BudgetMetric): Map<string, WeightCost> {
  const macsByLayer = metric === 'macs' ? new Map(countMacs(model).perLayer.map((l) => [l.layer, l.macs])) : undefined;
  const costs = new Map<string, WeightCost>();
  for (const { layer, path } of walkLayers(model)) {
    const sizes = layer.weights.map((w) => w.shape.reduce<number>((a, d) => a * (d ?? 0), 1));
    const macEntries = layer.weights.reduce((sum, w, i) => sum + (MAC_WEIGHTS.has(shortName(w.originalName)) ? (sizes[i] as number) : 0), 0);
    const macsPerEntry = macsByLayer === undefined || macEntries === 0 ? 0 : (macsByLayer.get(path) ?? 0) / macEntries;
    layer.weights.forEach((w, i) => {
      const perEntry = metric === 'params' ? 1 : MAC_WEIGHTS.has(shortName(w.originalName)) ? macsPerEntry : 0;
      costs.set(w.name, { size: sizes[i] as number, perEntry });
    });
  }
  return costs;
}
