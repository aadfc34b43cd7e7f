import type { ChannelRow } from './channel-handler.js';
import type { ChannelIds } from './channel-ids.js';
import type { ChannelSlice, ChannelUse, TracedNode } from './channel-types.js';

/**
 * Mutable state of one walk over a model: `channelGraph` fills it, `collectGraph` turns it into
 * the public result. Below both, so neither imports the other for it.
 */
export interface GraphWalk {
  readonly ids: ChannelIds;
  readonly rows: Map<string, ChannelRow>;
  readonly shapes: Map<string, readonly (number | null)[]>;
  readonly trace: TracedNode[];
  readonly members: Map<number, ChannelSlice[]>;
  readonly uses: Map<number, ChannelUse[]>;
}
