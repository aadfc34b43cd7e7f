// `@tfjs-prune/core/internal`: what the sibling packages (callbacks, compact, cli, examples) take
// from core beyond the public entry. Not for users and not covered by semver: names here change
// with the packages that use them. Tests of core import these from their source files instead.

// The pruning engine's steps (callbacks drives them).
export { type ChannelBudget, commitMaskPlans, planMaskUpdate, pruningScopes } from './plan-mask-update.js';
export { targetsForGranularity } from './granularity/granularity-targets.js';
export { describeUnitLayers } from './layers/unit-layers.js';
export { lossGradients } from './calibration-gradients.js';
export { learningRateOf, ProximalRegularizer, regularizationTypes } from './regularization.js';
export { RewindSnapshot } from './rewind-snapshot.js';
export { layerMasks } from './scoped-masks.js';
export { pruneLowest } from './rank-mask.js';
export { roundHalfToEven } from './rounding.js';

// Vocabularies the config schema is held to (a contract test in callbacks compares them).
export { criterionNames, gradientCriterionNames } from './criteria/criterion-registry.js';
export { blockNorms, granularityTypes } from './granularity/create-granularity.js';
export { structuredNorms } from './granularity/structured.js';
// Built-in and registered classes, the `layers.classes` a config may name.
export { prunableLayerClasses } from './layers/prunable-layer-registry.js';

// Channel groups: planning, masks, slicing (the engine and compact).
export { type ChannelTargets, channelTargets } from './channel-graph/channel-targets.js';
export { selectStructured } from './channel-graph/structured-targets.js';
export { channelImportance, type ChannelImportance, planChannelUpdate } from './channel-graph/plan-channel-update.js';
export { keptChannels, type KeptChannels } from './channel-graph/kept-channels.js';
export { allocateChannels, type BudgetAllocation, type BudgetOptions } from './budget/allocate-channels.js';
export { applyKeepMasks, groupKeepMasks } from './channel-graph/group-masks.js';
export { groupImportance, weightMagnitudes } from './channel-graph/group-importance.js';
export { selectChannels } from './channel-graph/select-channels.js';
export { sliceOffsets } from './channel-graph/slice-offsets.js';
export { tensorKey } from './channel-graph/channel-graph.js';
export { isUnsupported } from './channel-graph/channel-handler.js';
export { channelHandlerFor } from './channel-graph/channel-handlers.js';

// Models, weights and text.
export { requireLayersModel, walkLayers } from './prunable-weights.js';
export { saveToMemory } from './io/save-to-memory.js';
export { countZeros } from './count-zeros.js';
export { formatPercent, formatTable } from './text-table.js';
