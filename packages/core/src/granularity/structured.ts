import { GranularityError } from '../errors/granularity-error.js';
import { describeUnitLayers } from '../layers/unit-layers.js';
import type { PrunableWeight } from '../prunable-weights.js';
import { GroupLayout } from './group-layout.js';
import type { Granularity } from './granularity.js';

/** Norms a "structured" unit can be ranked by. */
export const structuredNorms = ['l1', 'l2'] as const;
export type StructuredNorm = (typeof structuredNorms)[number];

/**
 * Whole output units (Dense neurons, conv filters) ranked by the l1 or l2 norm of their scores
 * (Li et al. 2017, "Pruning Filters for Efficient ConvNets"). A pruned unit's bias entry is
 * masked too, so the unit's own output is exactly zero before any following layer (a following
 * BatchNormalization still adds its shift) and the layer can be physically narrowed.
 * The sparsity counts units.
 */
export function structured(norm: StructuredNorm = 'l1'): Granularity {
  if (!structuredNorms.includes(norm)) {
    throw new GranularityError(
      `structured norm must be one of ${structuredNorms.map((n) => `"${n}"`).join(', ')} (got ${JSON.stringify(norm)})`,
      'INVALID_GRANULARITY',
    );
  }
  return {
    name: 'structured',
    layout: (target) => unitLayout(target),
    norm,
    counts: 'groups',
    masksBias: true,
    needsUnits: true,
  };
}

/** Groups = output units, numbered like the bias entries. */
export function unitLayout(target: PrunableWeight): GroupLayout {
  if (target.units === undefined) {
    throw new GranularityError(
      `layer "${target.path}" (${target.layerClass}, weight "${target.weight}") has no whole output units to prune: ` +
        `"structured" works on ${describeUnitLayers()} only; ` +
        'exclude the layer (layers.exclude) or use "unstructured", "block" or "n:m" for it',
    );
  }
  const { shape } = target;
  const size = target.size;
  if (target.units.axis === -1) {
    const units = shape[shape.length - 1] as number;
    return new GroupLayout(shape, [1, units === 0 ? 0 : size / units, units], [1, units === 0 ? 1 : size / units, 1]);
  }
  // Conv2DTranspose: [kh, kw, filters, in].
  const units = shape[shape.length - 2] as number;
  const inner = shape[shape.length - 1] as number;
  const outer = size / (units * inner);
  return new GroupLayout(shape, [outer, units, inner], [outer, 1, inner]);
}
