export { lossGradients } from './calibration-gradients.js';
export { CountMacsError, type CountMacsErrorCode, countMacs, type MacCount } from './count-macs.js';
export {
  type Criterion,
  type GradientStatistic,
  mapFinite,
  NonFiniteWeightError,
  requireStatistic,
} from './criteria/criterion.js';
export { gradient } from './criteria/gradient.js';
export { magnitude } from './criteria/magnitude.js';
export { movement } from './criteria/movement.js';
export { random } from './criteria/random.js';
export { taylor } from './criteria/taylor.js';
export { globToRegExp, matchesAnyGlob } from './glob.js';
export { GradientAccumulator } from './gradient-accumulator.js';
export { block } from './granularity/block.js';
export { createGranularity, type GranularityOptions } from './granularity/create-granularity.js';
export { type Granularity, GranularityError, matrixView } from './granularity/granularity.js';
export { GroupLayout, type GroupNorm } from './granularity/group-layout.js';
export { nOfM } from './granularity/n-m.js';
export { structured, unitLayout } from './granularity/structured.js';
export { unstructured } from './granularity/unstructured.js';
export { MaskStore } from './mask-store.js';
export { type GradientMap, gradientMap, OptimizerHook } from './optimizer-hook.js';
export {
  findPrunableWeights,
  type LayerSelector,
  PRUNABLE_WEIGHTS_BY_CLASS,
  shortName,
  type PrunableWeight,
  type UnitLayout,
  walkLayers,
} from './prunable-weights.js';
export { countForSize, pruneLowest } from './rank-mask.js';
export { learningRateOf, ProximalRegularizer, type RegularizationOptions } from './regularization.js';
export { RewindSnapshot } from './rewind-snapshot.js';
export { countZeros, type GlobalMaskOptions, globalMasks, layerMasks, type ScoredTensor } from './scoped-masks.js';
export { rankValue, type RankedValue, selectKth } from './select-kth.js';
export {
  formatSparsityReport,
  type SparsityReport,
  type SparsityTotals,
  sparsityReport,
  type WeightSparsity,
} from './sparsity-report.js';
export { biasStateKey, stateKey, type StateKind } from './state-keys.js';
export { formatPercent, formatTable } from './text-table.js';
export { type MaskUpdateOptions, type RankingScope, type TargetMaskUpdate, updateMasks } from './update-masks.js';
export * from './io/index.js';
