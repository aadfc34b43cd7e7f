import type * as tfl from '@tensorflow/tfjs-layers';

import { countZeros } from './count-zeros.js';
import { prunableWeightSpec } from './layers/prunable-layer-registry.js';
import { type PrunableWeight, requireLayersModel, shortName, walkLayers } from './prunable-weights.js';
import { formatPercent, formatTable } from './text-table.js';

/** Where a weight is and what it is, as findPrunableWeights describes it; then its zeros. */
export interface WeightSparsity extends Pick<PrunableWeight, 'layer' | 'path' | 'layerClass' | 'weight' | 'shape' | 'size'> {
  readonly zeros: number;
  readonly sparsity: number;
  /** Whether this kind of weight is one pruning masks (kernels, not biases). */
  readonly prunable: boolean;
}

export interface SparsityTotals {
  readonly params: number;
  readonly zeros: number;
  readonly nonzeros: number;
  readonly sparsity: number;
}

export interface SparsityReport {
  readonly weights: readonly WeightSparsity[];
  /** Every weight of the model, biases and normalization included. */
  readonly total: SparsityTotals;
  /** Only the prunable kinds of weights. */
  readonly prunable: SparsityTotals;
}

/**
 * Counts exact zeros in every weight of any LayersModel, pruned or not. Non-trainable weights
 * (batch-norm statistics) are included because they are saved and shipped too.
 */
export function sparsityReport(model: tfl.LayersModel): SparsityReport {
  requireLayersModel(model, 'sparsityReport');
  const weights: WeightSparsity[] = [];
  for (const { layer, path } of walkLayers(model)) {
    const layerClass = layer.getClassName();
    for (const layerVariable of layer.weights) {
      const tensor = layerVariable.read();
      const values = tensor.dataSync();
      const zeros = countZeros(values);
      const weight = shortName(layerVariable.originalName);
      weights.push({
        layer: layer.name,
        path,
        layerClass,
        weight,
        shape: [...tensor.shape],
        size: values.length,
        zeros,
        sparsity: values.length === 0 ? 0 : zeros / values.length,
        prunable: prunableWeightSpec(layerClass, weight) !== undefined,
      });
    }
  }
  return { weights, total: totals(weights), prunable: totals(weights.filter((w) => w.prunable)) };
}

function totals(weights: readonly WeightSparsity[]): SparsityTotals {
  const params = weights.reduce((sum, w) => sum + w.size, 0);
  const zeros = weights.reduce((sum, w) => sum + w.zeros, 0);
  return { params, zeros, nonzeros: params - zeros, sparsity: params === 0 ? 0 : zeros / params };
}

/** The report as an aligned table, one row per weight and two total rows. */
export function formatSparsityReport(report: SparsityReport): string {
  const rows = report.weights.map((w) => [
    w.path,
    w.weight,
    w.shape.join('x'),
    w.size,
    w.size - w.zeros,
    formatPercent(w.sparsity),
  ]);
  const total = (label: string, t: SparsityTotals) => [label, '', '', t.params, t.nonzeros, formatPercent(t.sparsity)];
  return formatTable(
    ['layer', 'weight', 'shape', 'params', 'nonzero', 'sparsity'],
    [...rows, total('prunable weights', report.prunable), total('all weights', report.total)],
  );
}
