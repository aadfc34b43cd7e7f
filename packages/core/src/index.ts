export { lossGradients } from './calibration-gradients.js';
export { CountMacsError, type CountMacsErrorCode, countMacs, type MacCount } from './count-macs.js';
export { countZeros } from './count-zeros.js';
export { type Criterion, type GradientStatistic } from './criteria/criterion.js';
export {
  createCriterion,
  type CriterionName,
  criterionNames,
  criterionNeedsGradients,
  type CriterionOptions,
  gradientCriterionNames,
} from './criteria/criterion-registry.js';
export { gradient } from './criteria/gradient.js';
export { bnScale } from './criteria/bn-scale.js';
export { lamp } from './criteria/lamp.js';
export { magnitude } from './criteria/magnitude.js';
export { movement } from './criteria/movement.js';
export { random } from './criteria/random.js';
export { taylor } from './criteria/taylor.js';
export { CriterionError, type CriterionErrorCode } from './errors/criterion-error.js';
export { GranularityError, type GranularityErrorCode } from './errors/granularity-error.js';
export { LayerRegistryError, type LayerRegistryErrorCode } from './errors/layer-registry-error.js';
export { MaskError, type MaskErrorCode } from './errors/mask-error.js';
export { PruningStateError, type PruningStateErrorCode } from './errors/pruning-state-error.js';
export { TrainingError, type TrainingErrorCode } from './errors/training-error.js';
export { NonFiniteWeightError } from './criteria/criterion.js';
export { globToRegExp, matchesAnyGlob } from './glob.js';
export { GradientAccumulator } from './gradient-accumulator.js';
export { block } from './granularity/block.js';
export {
  blockNorms,
  createGranularity,
  type GranularityOptions,
  type GranularityType,
  granularityTypes,
} from './granularity/create-granularity.js';
export { type Granularity, matrixView } from './granularity/granularity.js';
export { type GranularityTargets, targetsForGranularity } from './granularity/granularity-targets.js';
export { GroupLayout, type GroupNorm } from './granularity/group-layout.js';
export { nOfM } from './granularity/n-m.js';
export { structured, type StructuredNorm, structuredNorms, unitLayout } from './granularity/structured.js';
export { unstructured } from './granularity/unstructured.js';
export {
  builtinPrunableLayerClasses,
  prunableLayerClasses,
  prunableLayerSpec,
  registerPrunableLayer,
  unregisterPrunableLayer,
} from './layers/prunable-layer-registry.js';
export { type MacCall, type MacRule } from './layers/handlers/macs.js';
export { type LayerHandler, type RegisterLayerOptions } from './layers/layer-handler.js';
export { layerHandlerFor, registerLayer, unregisterLayer } from './layers/layer-registry.js';
export { type PrunableLayerSpec, type PrunableWeightSpec, type UnitAxis } from './layers/prunable-layer-spec.js';
export { describeUnitLayers } from './layers/unit-layers.js';
export { type MaskUpdatePlan, type PlannedMask, type TargetMaskUpdate } from './mask-plan.js';
export { MaskStore } from './mask-store.js';
export { type GradientMap, gradientMap, OptimizerHook } from './optimizer-hook.js';
export {
  commitMaskPlans,
  type MaskUpdateOptions,
  planMaskUpdate,
  type PruningScope,
  pruningScopes,
} from './plan-mask-update.js';
export {
  findPrunableWeights,
  type LayerSelector,
  shortName,
  type PrunableWeight,
  requireLayersModel,
  type UnitLayout,
  walkLayers,
} from './prunable-weights.js';
export { pruneLowest } from './rank-mask.js';
export {
  learningRateOf,
  ProximalRegularizer,
  type RegularizationSpec,
  regularizationTypes,
} from './regularization.js';
export { RewindSnapshot } from './rewind-snapshot.js';
export { roundHalfToEven } from './rounding.js';
export { type GlobalMaskOptions, globalMasks, layerMasks, type ScoredTensor } from './scoped-masks.js';
export {
  formatSparsityReport,
  type SparsityReport,
  type SparsityTotals,
  sparsityReport,
  type WeightSparsity,
} from './sparsity-report.js';
export { formatPercent, formatTable, type TableOptions } from './text-table.js';
export { updateMasks } from './update-masks.js';
export * from './io/index.js';
export * from './channel-graph/index.js';
export { allocateChannels, type BudgetAllocation, type BudgetOptions } from './budget/allocate-channels.js';
export { type BudgetMetric, type WeightCost, weightCosts } from './budget/cost-factors.js';
export { BudgetError, type BudgetErrorCode } from './errors/budget-error.js';
export {
  channelSensitivity,
  type SensitivityOptions,
  type SensitivityResult,
  type SensitivityRow,
} from './sensitivity/channel-sensitivity.js';
