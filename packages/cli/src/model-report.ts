import type * as tfl from '@tensorflow/tfjs-layers';

import { countMacs, CountMacsError, gzipSize, sparsityReport } from './adapters/core.js';

export interface LayerSparsity {
  readonly layer: string;
  /** Where the layer sits in nested models, e.g. `encoder/dense_1`. */
  readonly path: string;
  readonly layerClass: string;
  readonly params: number;
  readonly nonzeros: number;
  readonly sparsity: number;
}

export interface ModelReport {
  readonly model: string;
  readonly layers: readonly LayerSparsity[];
  readonly total: { readonly params: number; readonly nonzeros: number; readonly sparsity: number };
  /** Only kernels and other weights pruning may zero (not biases, not normalization). */
  readonly prunable: { readonly params: number; readonly nonzeros: number; readonly sparsity: number };
  /** Size of the weight files as saved, and after gzip (what a server sends). */
  readonly weightsBytes: number;
  readonly weightsGzipBytes: number;
  /** Multiply-accumulates per sample (core's countMacs), or null with the reason in `macsUnknown`. */
  readonly macs: number | null;
  readonly macsUnknown?: string;
}

/** Sparsity per layer and in total, counted from the weights (any LayersModel, pruned or not). */
export function modelReport(name: string, model: tfl.LayersModel, weightBytes: Uint8Array): ModelReport {
  const report = sparsityReport(model);
  const byPath = new Map<string, { layer: string; path: string; layerClass: string; params: number; zeros: number }>();
  for (const w of report.weights) {
    const entry = byPath.get(w.path) ?? { layer: w.layer, path: w.path, layerClass: w.layerClass, params: 0, zeros: 0 };
    entry.params += w.size;
    entry.zeros += w.zeros;
    byPath.set(w.path, entry);
  }
  const layers = [...byPath.values()].map((l) => ({
    layer: l.layer,
    path: l.path,
    layerClass: l.layerClass,
    params: l.params,
    nonzeros: l.params - l.zeros,
    sparsity: l.params === 0 ? 0 : l.zeros / l.params,
  }));
  const totals = (t: { params: number; nonzeros: number; sparsity: number }) => ({ params: t.params, nonzeros: t.nonzeros, sparsity: t.sparsity });
  return {
    model: name,
    layers,
    total: totals(report.total),
    prunable: totals(report.prunable),
    weightsBytes: weightBytes.byteLength,
    weightsGzipBytes: gzipSize(weightBytes),
    ...macsOf(model),
  };
}

/** A layer countMacs has no rule for leaves the count out, with its reason, instead of failing the report. */
function macsOf(model: tfl.LayersModel): { macs: number | null; macsUnknown?: string } {
  try {
    return { macs: countMacs(model).total };
  } catch (error) {
    if (error instanceof CountMacsError) return { macs: null, macsUnknown: error.message };
    throw error;
  }
}
