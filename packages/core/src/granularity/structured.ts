import { GranularityError } from '../errors/granularity-error.js';
import type { Granularity } from './granularity.js';

/** Norms a "structured" channel group can be ranked by. */
export const structuredNorms = ['l1', 'l2'] as const;
export type StructuredNorm = (typeof structuredNorms)[number];

/**
 * Whole channels (Dense neurons, conv filters) ranked by the norm of their channel group: the
 * producer's kernel column and bias entry, the BatchNormalization γ/β, the depthwise filter and
 * every consumer's input rows that are removed with the channel (Li et al. 2017 per slice,
 * summed over the group as Torch-Pruning does). A layer alone is the degenerate group. The
 * sparsity counts channels. Planned by `planChannelUpdate` over `structuredTargets`; there is no
 * per-tensor layout, so `layout` refuses. `roundTo`: kept channel counts are rounded up to a
 * multiple of it (see `selectChannels`).
 */
export function structured(norm: StructuredNorm = 'l1', roundTo = 1): Granularity {
  if (!structuredNorms.includes(norm)) {
    throw new GranularityError(
      `structured norm must be one of ${structuredNorms.map((n) => `"${n}"`).join(', ')} (got ${JSON.stringify(norm)})`,
      'INVALID_GRANULARITY',
    );
  }
  if (!(Number.isInteger(roundTo) && roundTo >= 1)) {
    throw new GranularityError(`structured roundTo must be a positive integer (got ${JSON.stringify(roundTo)})`, 'INVALID_GRANULARITY');
  }
  return {
    name: roundTo === 1 ? 'structured' : `structured, roundTo ${roundTo}`,
    ...(roundTo === 1 ? {} : { roundTo }),
    layout: () => {
      throw new GranularityError(NEEDS_CHANNEL_GROUPS);
    },
    norm,
    counts: 'groups',
    channelGroups: true,
    needsUnits: true,
  };
}

/** Why a weight list alone cannot be pruned structurally, and what to pass instead. */
export const NEEDS_CHANNEL_GROUPS =
  'granularity "structured" removes channel groups, which span layers (kernel columns, biases, BatchNormalization, ' +
  "the next layers' input rows): pass structuredTargets(model, targets) instead of the weights, and build the " +
  'MaskStore from its weights';
