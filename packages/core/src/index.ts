// What a user of @tfjs-prune/core calls. Sibling packages' helpers live in ./internal.ts
// (`@tfjs-prune/core/internal`), outside semver; tests import those from the source files.

// Masks on a model's weights: find, score, mask, enforce.
export { findPrunableWeights, type LayerSelector, type PrunableWeight, type UnitLayout } from './prunable-weights.js';
export { MaskStore } from './mask-store.js';
export { type GradientMap, OptimizerHook } from './optimizer-hook.js';
export { GradientAccumulator } from './gradient-accumulator.js';
export { updateMasks } from './update-masks.js';
export type { MaskUpdateOptions, PruningScope } from './plan-mask-update.js';
export type { TargetMaskUpdate } from './mask-plan.js';
export { type Criterion, type GradientStatistic } from './criteria/criterion.js';
export {
  createCriterion,
  type CriterionName,
  criterionNeedsGradients,
  type CriterionOptions,
} from './criteria/criterion-registry.js';
export { createGranularity, type GranularityOptions, type GranularityType } from './granularity/create-granularity.js';
export type { Granularity } from './granularity/granularity.js';

// Layer classes: which weights are prunable, how channels flow through them.
export type { PrunableLayerSpec, PrunableWeightSpec, UnitAxis } from './layers/prunable-layer-spec.js';
export { layerHandlerFor, registerLayer, unregisterLayer } from './layers/layer-registry.js';
export type { LayerHandler, RegisterLayerOptions } from './layers/layer-handler.js';
export type { MacCall, MacRule } from './layers/handlers/macs.js';
export type {
  BatchNormFoldSpec,
  ChannelHandler,
  ChannelRow,
  ChannelTracer,
  LayerCall,
  SliceSpec,
  Unsupported,
  WeightReader,
} from './channel-graph/channel-handler.js';

// Channel groups and sensitivity.
export { channelGraph } from './channel-graph/channel-graph.js';
export { structuredTargets } from './channel-graph/structured-targets.js';
export type { ChannelTargets, UntouchedLayer } from './channel-graph/channel-targets.js';
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
} from './channel-graph/channel-types.js';
export type { BudgetMetric } from './budget/cost-factors.js';
export {
  channelSensitivity,
  type SensitivityOptions,
  type SensitivityResult,
  type SensitivityRow,
} from './sensitivity/channel-sensitivity.js';

// Reports and export.
export {
  formatSparsityReport,
  type SparsityReport,
  sparsityReport,
  type SparsityTotals,
  type WeightSparsity,
} from './sparsity-report.js';
export { countMacs, CountMacsError, type CountMacsErrorCode, type MacCount } from './count-macs.js';
export { exportModel, type ExportModelOptions } from './io/export-model.js';
export type { ExportedLayer, ExportedWeight, ExportReport } from './io/export-report.js';
export { formatExportReport } from './io/format-export-report.js';
export type { ExportDestination } from './io/save-destination.js';

// Errors a user can meet from the names above (each a TfjsPruneError with a code).
export { BudgetError, type BudgetErrorCode } from './errors/budget-error.js';
export { ChannelSelectionError } from './channel-graph/select-channels.js';
export { CriterionError, type CriterionErrorCode } from './errors/criterion-error.js';
export { NonFiniteWeightError } from './criteria/criterion.js';
export { ExportError, type ExportErrorCode } from './io/export-error.js';
export { GranularityError, type GranularityErrorCode } from './errors/granularity-error.js';
export { LayerRegistryError, type LayerRegistryErrorCode } from './errors/layer-registry-error.js';
export { MaskError, type MaskErrorCode } from './errors/mask-error.js';
export { PruningStateError, type PruningStateErrorCode } from './errors/pruning-state-error.js';
export { TrainingError, type TrainingErrorCode } from './errors/training-error.js';
