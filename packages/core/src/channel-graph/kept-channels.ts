import type { ChannelTargets } from './channel-targets.js';
import type { ChannelGroup } from './channel-types.js';
import { sliceOffsets } from './slice-offsets.js';

/** How many of a family's prunable channels are still there. */
export interface KeptChannels {
  readonly family: string;
  readonly channels: number;
  readonly kept: number;
}

/**
 * Per family of `channels`, the channels not pruned (see {@link isGroupPruned}): `keep` gives
 * each member weight's keep mask (1 keep, 0 pruned), or its values (pruned entries are exactly
 * zero) once the masks are gone.
 */
export function keptChannels(channels: ChannelTargets, keep: (variable: string) => ArrayLike<number> | undefined): KeptChannels[] {
  return channels.families.map((family) => {
    const pruned = family.groups.filter((group) => isGroupPruned(group, keep)).length;
    return { family: family.name, channels: family.groups.length, kept: family.groups.length - pruned };
  });
}

/** A channel is pruned when every masked member slice is zero in `keep`; undefined counts as all kept. */
export function isGroupPruned(group: ChannelGroup, keep: (variable: string) => ArrayLike<number> | undefined): boolean {
  return group.members
    .filter((m) => m.masked)
    .every((m) => {
      const values = keep(m.variable);
      return values !== undefined && sliceOffsets(m.shape, m.axis, m.indices).every((o) => values[o] === 0);
    });
}
