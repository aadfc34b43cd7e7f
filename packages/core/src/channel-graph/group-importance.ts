import type * as tfl from '@tensorflow/tfjs-layers';

import type { ChannelGroup } from './channel-types.js';
import { sliceOffsets } from './slice-offsets.js';

/** How a member slice's element scores become one number: Σ|s| or √Σs². */
export type ChannelNorm = 'l1' | 'l2';

/**
 * Per-element scores of a weight by its variable name (row-major, the weight's shape): its values
 * for magnitude, or accumulated gradient / taylor statistics. Undefined leaves the weight out.
 */
export type ElementScores = (variable: string) => ArrayLike<number> | undefined;

/** The model's current weight values as element scores (read once per variable, no tensors kept). */
export function weightMagnitudes(model: tfl.LayersModel): ElementScores {
  const cache = new Map<string, Float32Array>();
  const byName = new Map(model.weights.map((w) => [w.name, w]));
  return (variable) => {
    const cached = cache.get(variable);
    if (cached) return cached;
    const weight = byName.get(variable);
    if (!weight) return undefined;
    const values = weight.read().dataSync() as Float32Array;
    cache.set(variable, values);
    return values;
  };
}

/**
 * A channel group's importance: the norm of each masked member slice, summed over the members
 * (Torch-Pruning's group importance), so a channel is judged by every weight it takes along:
 * its filter, its bias, its BN γ/β and the consumers' input rows. Absolute values make l1 and
 * magnitude agree for any sign of score.
 */
export function groupImportance(group: ChannelGroup, scores: ElementScores, norm: ChannelNorm = 'l2'): number {
  let total = 0;
  for (const member of group.members) {
    if (!member.masked) continue;
    const values = scores(member.variable);
    if (!values) continue;
    let sum = 0;
    for (const offset of sliceOffsets(member.shape, member.axis, member.indices)) {
      const v = values[offset] ?? 0;
      sum += norm === 'l1' ? Math.abs(v) : v * v;
    }
    total += norm === 'l1' ? sum : Math.sqrt(sum);
  }
  return total;
}
