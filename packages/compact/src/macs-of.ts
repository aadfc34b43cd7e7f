import type * as tfl from '@tensorflow/tfjs-layers';
import { CountMacsError, countMacs } from '@tfjs-prune/core';

/**
 * MACs before and after, or why they cannot be counted: a layer core has no MAC rule for must
 * not fail a compaction that is otherwise exact.
 */
export function macsOf(before: tfl.LayersModel, after: tfl.LayersModel): { macs: { before: number; after: number } | null; macsUnknown?: string } {
  try {
    return { macs: { before: countMacs(before).total, after: countMacs(after).total } };
  } catch (error) {
    if (error instanceof CountMacsError) return { macs: null, macsUnknown: error.message };
    throw error;
  }
}
