export { type Criterion, NonFiniteWeightError } from './criteria/criterion.js';
export { magnitude } from './criteria/magnitude.js';
export { globToRegExp, matchesAnyGlob } from './glob.js';
export { MaskStore } from './mask-store.js';
export { OptimizerHook } from './optimizer-hook.js';
export {
  findPrunableWeights,
  type LayerSelector,
  PRUNABLE_WEIGHTS_BY_CLASS,
  type PrunableWeight,
  walkLayers,
} from './prunable-weights.js';
export { pruneLowest } from './rank-mask.js';
export { countZeros, globalMasks, layerMasks, type ScoredTensor } from './scoped-masks.js';
export { selectKth } from './select-kth.js';
export {
  formatSparsityReport,
  type SparsityReport,
  type SparsityTotals,
  sparsityReport,
  type WeightSparsity,
} from './sparsity-report.js';
export { formatPercent, formatTable } from './text-table.js';
export { type MaskUpdateOptions, type RankingScope, type TargetMaskUpdate, updateMasks } from './update-masks.js';
export * from './io/index.js';
