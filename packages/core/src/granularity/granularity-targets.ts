import type { PrunableWeight } from '../prunable-weights.js';
import type { Granularity } from './granularity.js';

/** How a granularity splits the weights a pruner selected. */
export interface GranularityTargets {
  /** The weights the granularity prunes. */
  readonly targets: PrunableWeight[];
  /**
   * Weights left alone because a sibling weight of the same layer takes the granularity (a
   * SeparableConv2D's depthwise kernel under "structured": its pointwise filters are pruned).
   */
  readonly skipped: PrunableWeight[];
  /** Layers none of whose selected weights the granularity can prune: a config error to report. */
  readonly refused: readonly { readonly path: string; readonly layerClass: string }[];
}

/**
 * The weights of `candidates` that `granularity` can prune. A granularity that needs output
 * units takes, in each layer, the weights that have them (from the registry's `unitAxis`),
 * skips the layer's other weights, and refuses a layer with none. This is the one statement of
 * which layers "structured" applies to.
 */
export function targetsForGranularity(granularity: Granularity, candidates: readonly PrunableWeight[]): GranularityTargets {
  if (granularity.needsUnits !== true) return { targets: [...candidates], skipped: [], refused: [] };
  const layersWithUnits = new Set(candidates.filter((c) => c.units !== undefined).map((c) => c.path));
  const targets: PrunableWeight[] = [];
  const skipped: PrunableWeight[] = [];
  const refused = new Map<string, string>();
  for (const candidate of candidates) {
    if (candidate.units !== undefined) targets.push(candidate);
    else if (layersWithUnits.has(candidate.path)) skipped.push(candidate);
    else refused.set(candidate.path, candidate.layerClass);
  }
  return { targets, skipped, refused: [...refused].map(([path, layerClass]) => ({ path, layerClass })) };
}
