import { describe, expect, it } from 'vitest';

/**
 * The runtime names each public entry exports, so an accidental export (an internal helper
 * re-exported by a wildcard, a test-only function) or a lost one fails here instead of reaching
 * users. Types are erased at run time and are not listed; the declaration files carry them.
 *
 * Adding a public name on purpose: add it to its entry's list below (lists are sorted).
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  '@tfjs-prune/errors': [
    'TfjsPruneError', 'isTfjsPruneError', 'jsonSyntaxProblem'
  ],
  '@tfjs-prune/schedules': [
    'PruningConfigError', 'TARGET_PROGRESS_SPARSITY', 'blockNorms', 'budgetMetrics', 'configSchema', 'createSchedule', 'criterionNames',
    'firstUpdateEpoch', 'gradientCriteria', 'granularityTypes', 'isPruningSchedule',
    'lastUpdateEpoch', 'parseConfigText', 'prunableLayerClasses', 'scheduleUnit', 'structuredNorms',
    'targetParts', 'unitOf', 'validateConfig', 'withProgressStandIn'
  ],
  '@tfjs-prune/schedules/node': [
    'loadConfig', 'readConfigFile'
  ],
  '@tfjs-prune/core': [
    'BudgetError', 'ChannelSelectionError', 'CountMacsError', 'CriterionError', 'ExportError',
    'GradientAccumulator', 'GranularityError', 'GroupLayout', 'LayerRegistryError', 'MaskError',
    'MaskStore', 'ModelFileError', 'NonFiniteWeightError', 'OptimizerHook', 'ProximalRegularizer',
    'PruningStateError', 'RewindSnapshot', 'TrainingError', 'allocateChannels', 'applyKeepMasks', 'block', 'blockNorms', 'bnScale',
    'builtinPrunableLayerClasses', 'channelGraph', 'channelSensitivity', 'channelHandlerFor', 'channelTargets', 'commitMaskPlans',
    'countMacs', 'countZeros', 'createCriterion', 'createGranularity', 'criterionNames',
    'criterionNeedsGradients', 'describeUnitLayers', 'exportModel', 'findPrunableWeights',
    'formatExportReport', 'formatPercent', 'formatSparsityReport', 'formatTable', 'globToRegExp',
    'globalMasks', 'gradient', 'gradientCriterionNames', 'gradientMap', 'granularityTypes', 'groupMemberLayers',
    'groupImportance', 'groupKeepMasks', 'gzipSize', 'isUnsupported', 'keptChannels', 'lamp', 'layerHandlerFor', 'layerMasks',
    'learningRateOf', 'lossGradients', 'magnitude', 'matchesAnyGlob', 'matrixView', 'movement',
    'nOfM', 'planChannelUpdate', 'planMaskUpdate', 'prunableLayerClasses', 'prunableLayerSpec', 'pruneLowest',
    'pruningScopes', 'random', 'registerChannelHandler', 'registerLayer', 'registerPrunableLayer',
    'regularizationTypes', 'requireLayersModel', 'roundHalfToEven', 'saveToMemory', 'selectChannels', 'shortName',
    'sliceOffsets', 'sparsityReport', 'structured', 'structuredNorms', 'targetsForGranularity',
    'taylor', 'tensorKey', 'unitLayout', 'unregisterLayer', 'unregisterPrunableLayer', 'unstructured', 'updateMasks',
    'walkLayers', 'weightCosts', 'weightMagnitudes'
  ],
  '@tfjs-prune/core/wasm-training': ['WasmTrainingError', 'registerWasmTrainingKernels'],
  '@tfjs-prune/core/node': [
    'exportModel', 'fileSystem', 'gzipSizeSync', 'saveModelFiles', 'syncDirectory', 'writeAndSync',
    'writeFilesAtomic'
  ],
  '@tfjs-prune/callbacks': [
    'CheckpointError', 'PruningBindError', 'PruningCallback', 'PruningEngine', 'PruningEngineError',
    'TfjsCopyError', 'WrappedCallbackError', 'describeShortfall', 'formatPruningReport', 'loadCheckpointFrom', 'pruningCallback'
  ],
  '@tfjs-prune/callbacks/backend': [
    'BACKEND_CHOICES', 'BACKEND_ENV_VAR', 'BROWSER_BACKEND_CHOICES', 'BackendError', 'NODE_BACKEND_CHOICES',
    'backendChoiceFromEnv', 'describeSelection', 'selectBackend'
  ],
  '@tfjs-prune/callbacks/distillation': [
    'DistillationError', 'distillationLoss', 'fitWithDistillation'
  ],
  '@tfjs-prune/callbacks/node': [
    'FitProgress', 'PruningLog', 'checkpointDirectory', 'fitProgress', 'loadCheckpoint', 'pruningCallbackFromFile',
    'pruningLog'
  ],
  '@tfjs-prune/callbacks/indexeddb': ['indexedDbCheckpoints'],
  '@tfjs-prune/callbacks/compact': ['compactPruned'],
  '@tfjs-prune/compact': [
    'CompactionError', 'compact', 'foldBatchNorm', 'formatCompactionReport'
  ],
  '@tfjs-prune/sparse': [
    'DEFAULT_MIN_SPARSITY', 'SparseModel', 'SparsifyError', 'formatSparsifyReport', 'sparsify'
  ],
  '@tfjs-prune/cli/data': [
    'DataFileError', 'DataOptionError', 'IDX_FILES', 'NUM_CLASSES', 'createRandom', 'loadCsv', 'loadData', 'loadIdx',
    'loadMnist', 'parseDataOption', 'toTensors'
  ],
};

const ENTRIES: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  '@tfjs-prune/errors': () => import('@tfjs-prune/errors'),
  '@tfjs-prune/schedules': () => import('@tfjs-prune/schedules'),
  '@tfjs-prune/schedules/node': () => import('@tfjs-prune/schedules/node'),
  '@tfjs-prune/core': () => import('@tfjs-prune/core'),
  '@tfjs-prune/core/node': () => import('@tfjs-prune/core/node'),
  '@tfjs-prune/core/wasm-training': () => import('@tfjs-prune/core/wasm-training'),
  '@tfjs-prune/callbacks': () => import('@tfjs-prune/callbacks'),
  '@tfjs-prune/callbacks/node': () => import('@tfjs-prune/callbacks/node'),
  '@tfjs-prune/callbacks/indexeddb': () => import('@tfjs-prune/callbacks/indexeddb'),
  '@tfjs-prune/callbacks/compact': () => import('@tfjs-prune/callbacks/compact'),
  '@tfjs-prune/callbacks/backend': () => import('@tfjs-prune/callbacks/backend'),
  '@tfjs-prune/callbacks/distillation': () => import('@tfjs-prune/callbacks/distillation'),
  '@tfjs-prune/compact': () => import('@tfjs-prune/compact'),
  '@tfjs-prune/sparse': () => import('@tfjs-prune/sparse'),
  '@tfjs-prune/cli/data': () => import('@tfjs-prune/cli/data'),
};

describe('each public entry exports exactly its expected names', () => {
  it('every entry has a list, and every list an entry', () => {
    expect(Object.keys(ENTRIES).sort()).toStrictEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(ENTRIES))('%s', async (entry) => {
    const module = await ENTRIES[entry]!();
    expect(Object.keys(module).sort()).toStrictEqual([...(EXPECTED[entry] ?? [])].sort());
    // A name exported as `undefined` is a type re-exported as a value by mistake.
    expect(Object.keys(module).filter((name) => module[name] === undefined)).toStrictEqual([]);
  });
});
