import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The runtime names each public entry exports, so an accidental export (an internal helper
 * re-exported by a wildcard, a test-only function) or a lost one fails here instead of reaching
 * users. Types are erased at run time: `EXPECTED_TYPES` at the end lists those of each main entry.
 *
 * Adding a public name on purpose: add it to its entry's list below (sorted, or sorted within
 * commented groups). The `/internal` entries are what sibling packages share beyond the public
 * surface: not for users and not covered by semver, but listed so that they, too, only grow on purpose.
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  '@tfjs-prune/errors': [
    'TfjsPruneError', 'isTfjsPruneError', 'jsonSyntaxProblem'
  ],
  '@tfjs-prune/schedules': [
    'PruningConfigError', 'blockNorms', 'budgetMetrics', 'configSchema', 'createSchedule', 'criterionNames', 'firstUpdateEpoch',
    'gradientCriteria', 'granularityTypes', 'isPruningSchedule', 'lastUpdateEpoch', 'parseConfigText', 'prunableLayerClasses',
    'scheduleUnit', 'structuredNorms', 'validateConfig'
  ],
  '@tfjs-prune/schedules/internal': [
    'TARGET_PROGRESS_SPARSITY', 'targetParts', 'unitOf', 'withProgressStandIn'
  ],
  '@tfjs-prune/schedules/node': [
    'loadConfig', 'readConfigFile'
  ],
  '@tfjs-prune/core': [
    // Masks on a model's weights.
    'GradientAccumulator', 'MaskStore', 'OptimizerHook', 'createCriterion', 'createGranularity', 'criterionNeedsGradients', 'findPrunableWeights', 'updateMasks',
    // Layer classes: one handler per class (registerLayer).
    'layerHandlerFor', 'registerLayer', 'unregisterLayer',
    // Channel groups.
    'channelGraph', 'channelSensitivity', 'structuredTargets',
    // Reports and export.
    'countMacs', 'exportModel', 'formatExportReport', 'formatSparsityReport', 'sparsityReport',
    // Errors.
    'BudgetError', 'ChannelSelectionError', 'CountMacsError', 'CriterionError', 'ExportError', 'GranularityError', 'LayerRegistryError',
    'MaskError', 'NonFiniteWeightError', 'PruningStateError', 'TrainingError'
  ],
  '@tfjs-prune/core/internal': [
    'ProximalRegularizer', 'RewindSnapshot', 'allocateChannels', 'applyKeepMasks', 'blockNorms', 'channelHandlerFor', 'channelImportance', 'channelTargets', 'commitMaskPlans',
    'countZeros', 'criterionNames', 'describeUnitLayers', 'formatPercent', 'formatTable', 'gradientCriterionNames', 'granularityTypes',
    'groupImportance', 'groupKeepMasks', 'isUnsupported', 'keptChannels', 'layerMasks', 'learningRateOf', 'lossGradients',
    'planChannelUpdate', 'planMaskUpdate', 'prunableLayerClasses', 'pruneLowest', 'pruningScopes', 'regularizationTypes', 'requireLayersModel', 'roundHalfToEven',
    'saveToMemory', 'selectChannels', 'selectStructured', 'sliceOffsets', 'structuredNorms', 'targetsForGranularity', 'tensorKey', 'walkLayers',
    'weightMagnitudes'
  ],
  '@tfjs-prune/core/wasm-training': ['WasmTrainingError', 'registerWasmTrainingKernels'],
  '@tfjs-prune/core/node': [
    'ModelFileError', 'exportModel', 'fileSystem', 'gzipSizeSync', 'saveModelFiles', 'syncDirectory', 'writeAndSync',
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
  '@tfjs-prune/callbacks/budget': [],
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
  '@tfjs-prune/schedules/internal': () => import('@tfjs-prune/schedules/internal'),
  '@tfjs-prune/core': () => import('@tfjs-prune/core'),
  '@tfjs-prune/core/node': () => import('@tfjs-prune/core/node'),
  '@tfjs-prune/core/wasm-training': () => import('@tfjs-prune/core/wasm-training'),
  '@tfjs-prune/core/internal': () => import('@tfjs-prune/core/internal'),
  '@tfjs-prune/callbacks': () => import('@tfjs-prune/callbacks'),
  '@tfjs-prune/callbacks/node': () => import('@tfjs-prune/callbacks/node'),
  '@tfjs-prune/callbacks/indexeddb': () => import('@tfjs-prune/callbacks/indexeddb'),
  '@tfjs-prune/callbacks/compact': () => import('@tfjs-prune/callbacks/compact'),
  '@tfjs-prune/callbacks/backend': () => import('@tfjs-prune/callbacks/backend'),
  '@tfjs-prune/callbacks/distillation': () => import('@tfjs-prune/callbacks/distillation'),
  '@tfjs-prune/callbacks/budget': () => import('@tfjs-prune/callbacks/budget'),
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

/**
 * The types each main entry exports (erased at run time, so the lists above cannot see them): a
 * user's code names these, so they are public surface as much as the functions. Read from the
 * sources with the TypeScript checker; `/internal` entries carry their types unlisted.
 */
const EXPECTED_TYPES: Readonly<Record<string, readonly string[]>> = {
  '@tfjs-prune/errors': [
    'JsonSyntaxLocation', 'JsonSyntaxProblem',
  ],
  '@tfjs-prune/schedules': [
    'BudgetConfig', 'BudgetMetric', 'BudgetTarget', 'ConfigIssue', 'CriterionName', 'GranularitySpec', 'IterativeEpochSpec',
    'IterativeSpec', 'IterativeStepSpec', 'LatencyTarget', 'LayerSelector', 'OneShotEpochSpec', 'OneShotSpec', 'OneShotStepSpec',
    'PolynomialDecayEpochSpec', 'PolynomialDecaySpec', 'PolynomialDecayStepSpec', 'PrunerConfig', 'PrunerConfigInput',
    'PruningConfig', 'PruningConfigErrorCode', 'PruningConfigInput', 'PruningSchedule', 'PruningScope',
    'RegularizationSpec', 'ResolvedGranularity', 'ResolvedIterativeSpec', 'ResolvedOneShotSpec',
    'ResolvedBudgetTarget', 'ResolvedPolynomialDecaySpec', 'ResolvedPrunerConfig', 'ResolvedPruningConfig', 'ResolvedSchedule',
    'ResolvedScheduleSpec', 'RewindSpec', 'ScheduleInput', 'ScheduleSpec', 'ScheduleTiming', 'ScheduleType', 'ScheduleUnit',
    'SparsityConfig', 'TargetedPrunerConfig', 'ValidateConfigOptions',
  ],
  '@tfjs-prune/core': [
    'BudgetErrorCode', 'BudgetMetric', 'ChannelFamily', 'ChannelGraph',
    'ChannelGroup', 'ChannelTargets', 'UntouchedLayer', 'ChannelHandler', 'ChannelRow', 'ChannelSlice', 'ChannelTracer', 'ChannelUse',
    'CountMacsErrorCode', 'Criterion', 'CriterionErrorCode', 'CriterionName', 'CriterionOptions', 'ExportDestination',
    'ExportErrorCode', 'ExportModelOptions', 'ExportReport', 'ExportedLayer', 'ExportedWeight', 'GradientMap',
    'GradientStatistic', 'Granularity', 'GranularityErrorCode', 'GranularityOptions', 'GranularityType',
    'LayerCall', 'LayerHandler', 'MacCall', 'MacRule', 'RegisterLayerOptions', 'BatchNormFoldSpec', 'LayerRegistryErrorCode', 'LayerSelector', 'MacCount', 'MaskErrorCode',
    'MaskUpdateOptions', 'PrunableLayerSpec', 'PrunableWeight', 'PrunableWeightSpec', 'PruningScope',
    'PruningStateErrorCode', 'SensitivityOptions', 'SensitivityResult', 'SensitivityRow', 'SkippedChannels',
    'SliceRole', 'SliceSpec', 'SparsityReport', 'SparsityTotals', 'TargetMaskUpdate', 'TracedNode', 'TracedTensor',
    'TrainingErrorCode', 'UnitAxis', 'UnitLayout', 'Unsupported', 'WeightReader', 'WeightSparsity',
  ],
  '@tfjs-prune/callbacks': [
    'BindIssue', 'BudgetReport', 'CalibrationData', 'CheckpointArgs', 'CheckpointContents', 'CheckpointErrorCode',
    'CheckpointStore', 'CheckpointSummary', 'EpochEndEvent', 'LatencyCandidate', 'LatencyChoice', 'LatencyTargetReport',
    'LoadCheckpointOptions', 'LoadedCheckpoint', 'MaskUpdateEvent', 'PrunerAllocationState', 'PrunerLatencyState', 'PrunerReport', 'PrunerState', 'PruningCallbackArgs', 'PruningEngineArgs',
    'PruningEngineErrorCode', 'PruningEvents', 'PruningReport', 'PruningState', 'PruningStateInput',
    'RestoredCheckpoint', 'ScheduleShortfall', 'SpeedupMeasurement', 'SpeedupMeasurer', 'TargetReport', 'TrainEndEvent',
  ],
  '@tfjs-prune/compact': [
    'BatchNormFold', 'BatchNormFoldReport', 'BatchNormLeftAlone', 'BiasFold', 'CompactOptions', 'CompactResult',
    'CompactionErrorCode', 'CompactionReport', 'KeptChannel', 'LayerResize',
  ],
  '@tfjs-prune/sparse': [
    'LayerSparsity', 'SparseFormat', 'SparsifyErrorCode', 'SparsifyOptions', 'SparsifyReport',
  ],
};

describe('each main entry exports exactly its expected types', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const entryFile = (entry: string) => join(root, 'packages', entry.replace('@tfjs-prune/', ''), 'src/index.ts');
  const program = ts.createProgram(Object.keys(EXPECTED_TYPES).map(entryFile), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();

  it.each(Object.keys(EXPECTED_TYPES))('%s', (entry) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entryFile(entry))!)!;
    const isType = (s: ts.Symbol) => !((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value);
    const types = checker.getExportsOfModule(module).filter(isType).map((s) => s.name);
    expect(types.sort()).toStrictEqual([...EXPECTED_TYPES[entry]!].sort());
  });
});
