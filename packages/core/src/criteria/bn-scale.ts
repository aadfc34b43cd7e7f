import type { ChannelTargets } from '../channel-graph/channel-targets.js';
import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, mapFinite } from './criterion.js';

/**
 * Network slimming (Liu et al. 2017, "Learning Efficient Convolutional Networks through Network
 * Slimming"): a channel is as important as |γ| of the BatchNormalization that scales it. Every
 * other member of a channel group scores 0, so a group's importance (summed over its members,
 * with either norm) is exactly |γ|, or the sum of the |γ| when a merge ties several BN layers'
 * channels together. Only for "structured" granularity; pair it with `group-l1` or `l1`
 * regularization to drive γ towards zero, as the paper does with its L1 penalty on γ.
 */
export const bnScale: Criterion = {
  name: 'bn-scale',
  score(target: PrunableWeight, values: Float32Array): Float32Array {
    if (!isBatchNormScale(target)) return new Float32Array(values.length);
    return mapFinite(target, values, Math.abs, 'BatchNormalization gamma');
  },
  bindIssues: (channels) => (channels === undefined ? ['needs granularity "structured": it scores channels, not single weights'] : missingBatchNorm(channels)),
};

function isBatchNormScale(target: PrunableWeight): boolean {
  return target.layerClass === 'BatchNormalization' && target.weight === 'gamma';
}

/** One message per selected layer whose channels pass through no BN γ (none after it, or `scale: false`). */
function missingBatchNorm(channels: ChannelTargets): string[] {
  const issues: string[] = [];
  for (const family of channels.families) {
    const scaled = family.groups.some((g) => g.members.some((m) => m.masked && m.layerClass === 'BatchNormalization' && m.weight === 'gamma'));
    if (scaled) continue;
    issues.push(
      `cannot score layer${family.producers.length > 1 ? 's' : ''} ${family.producers.map((p) => `"${p}"`).join(', ')}: ` +
        'no BatchNormalization with a scale (gamma) follows its output; add one (scale: true) after it, ' +
        'exclude the layer (layers.exclude), or use another criterion',
    );
  }
  return issues;
}
