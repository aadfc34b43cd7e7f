export { channelGraph, tensorKey } from './channel-graph.js';
export type { BatchNormFoldSpec, ChannelHandler, ChannelRow, ChannelTracer, LayerCall, SliceSpec, Unsupported, WeightReader } from './channel-handler.js';
export { isUnsupported } from './channel-handler.js';
export { channelHandlerFor, registerChannelHandler } from './channel-handlers.js';
export type {
  ChannelFamily,
  ChannelGraph,
  ChannelGroup,
  ChannelSlice,
  ChannelUse,
  SkippedChannels,
  SliceRole,
  TracedNode,
  TracedTensor,
} from './channel-types.js';
export { applyKeepMasks, type ElementKeepMask, groupKeepMasks } from './group-masks.js';
export { type ChannelNorm, type ElementScores, groupImportance, weightMagnitudes } from './group-importance.js';
export { ChannelSelectionError, type ChannelSelectionOptions, selectChannels } from './select-channels.js';
export { sliceOffsets } from './slice-offsets.js';
export { type ChannelTargets, channelTargets, groupMemberLayers, type UntouchedLayer } from './channel-targets.js';
export { planChannelUpdate } from './plan-channel-update.js';
