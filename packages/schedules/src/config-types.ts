import type { ScheduleSpec } from './schedule-kinds.js';
import type { ResolvedSchedule, ScheduleInput } from './schedule-spec.js';

/*
 * Each enum lives here once, as a const array (frozen where exported: the compiled validator
 * keeps its own copy, so a caller's edit would only make the two disagree); the TypeScript type
 * and the JSON Schema `enum` are both derived from it. A new criterion is one more array entry plus its implementation in core.
 */

export const criterionNames = Object.freeze(['magnitude', 'random', 'gradient', 'taylor', 'movement', 'lamp', 'bn-scale'] as const);
export type CriterionName = (typeof criterionNames)[number];

/** Criteria that need gradients (accumulated at the optimizer hook). */
export const gradientCriteria: readonly CriterionName[] = Object.freeze(['gradient', 'taylor', 'movement'] as const);

/** Granularities that can be written as a plain name; the others need parameters. */
export const granularityNames = ['unstructured', 'structured'] as const;
/** The `type` of a granularity written as an object. */
export const granularityTypes = Object.freeze(['unstructured', 'block', 'n:m', 'structured'] as const);
export const blockNorms = Object.freeze(['l1', 'l2', 'max', 'avg'] as const);
export const structuredNorms = Object.freeze(['l1', 'l2'] as const);

export const pruningScopes = ['layer', 'global'] as const;
export type PruningScope = (typeof pruningScopes)[number];

/** How scores are scaled before a global ranking. */
export const normalizeModes = ['none', 'layer'] as const;
export const regularizationTypes = ['l1', 'l2', 'group-l1'] as const;
/** Rewind targets written as a name; `{ epoch }` is the other form. */
export const rewindNames = ['none', 'init'] as const;

type BlockNorm = (typeof blockNorms)[number];
type StructuredNorm = (typeof structuredNorms)[number];

/** Granularity as written: a name or an object. */
export type GranularitySpec =
  | (typeof granularityNames)[number]
  | { type: 'unstructured' }
  /** `shape`: [rows, columns] of the 2-D kernel view, positive integers. Defaults: norm "l1". */
  | { type: 'block'; shape: [number, number]; norm?: BlockNorm }
  /** At most `n` nonzeros in every `m` consecutive weights along the input axis; 1 <= n < m <= 64. */
  | { type: 'n:m'; n: number; m: number }
  /**
   * Whole output units (Dense neurons, conv filters), ranked by a norm. `roundTo`: kept channel
   * counts are rounded up to a multiple of it (a positive integer). Defaults: norm "l1", roundTo 1.
   */
  | { type: 'structured'; norm?: StructuredNorm; roundTo?: number };

/** Always an object after validation; defaults: block norm 'l1', structured norm 'l1', roundTo 1. */
export type ResolvedGranularity =
  | { type: 'unstructured' }
  | { type: 'block'; shape: [number, number]; norm: BlockNorm }
  | { type: 'n:m'; n: number; m: number }
  | { type: 'structured'; norm: StructuredNorm; roundTo: number };

/** A proximal step after every optimizer step; `strength` (λ) > 0. */
export type RegularizationSpec = { type: (typeof regularizationTypes)[number]; strength: number };
/** Where surviving weights go back to after each round of an iterative schedule. */
export type RewindSpec = (typeof rewindNames)[number] | { epoch: number };

/**
 * What a pruner uses when the config leaves a field out. The fields that only apply under a
 * condition (seed, normalize, maxLayerSparsity, regularization, rewind) default to their neutral
 * value, which is accepted everywhere so that a resolved config validates as it is.
 */
export const prunerDefaults = {
  criterion: criterionNames[0],
  granularity: granularityNames[0],
  scope: pruningScopes[0],
  seed: 0,
  normalize: normalizeModes[0],
  maxLayerSparsity: null,
  regularization: null,
  rewind: rewindNames[0],
} as const;

/**
 * tfjs layer classes (`layer.getClassName()`) that own a prunable kernel. A config may name other
 * classes when the caller passes them to `validateConfig` (`layerClasses`), e.g. the classes
 * registered in core with `registerLayer`.
 */
export const prunableLayerClasses = Object.freeze([
  'Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D',
  'Embedding', 'LSTM', 'GRU', 'SimpleRNN',
] as const);

/** Which layers a pruner owns. Omitted fields do not filter. */
export interface LayerSelector {
  /** Layer-name globs (`*`, `?`); a layer must match one. Omitted: every layer. */
  include?: string[];
  /** Layer-name globs; a layer matching one is skipped. */
  exclude?: string[];
  /**
   * tfjs class names, one of {@link prunableLayerClasses} or a class the caller registered.
   * Omitted: every prunable class.
   */
  classes?: string[];
  /**
   * true: only layers that train (`layer.trainable`), leaving a frozen base model dense; false:
   * only frozen layers. Omitted: both, since a frozen layer is pruned like any other (its mask
   * holds; nothing trains it back).
   */
  trainable?: boolean;
}

/** One pruner as written in a config file. */
export interface PrunerConfig {
  /** Unique across pruners. Defaults to `pruner-<index>`. */
  name?: string;
  /** Omitted: every prunable weight. */
  layers?: LayerSelector;
  /** How weights are scored; the lowest are pruned. Defaults to "magnitude". */
  criterion?: CriterionName;
  /** What is removed together. Defaults to "unstructured". */
  granularity?: GranularitySpec;
  /** "layer": each weight tensor reaches the target; "global": one ranking. Defaults to "layer". */
  scope?: PruningScope;
  schedule: ScheduleSpec;
  /** Integer seed of criterion "random"; any other value than 0 needs that criterion. Defaults to 0. */
  seed?: number;
  /** "layer" divides each tensor's scores by their mean before a global ranking; needs scope "global". Defaults to "none". */
  normalize?: (typeof normalizeModes)[number];
  /** Cap on any tensor's sparsity in a global ranking, in (0, 1); needs scope "global". Defaults to none (null). */
  maxLayerSparsity?: number | null;
  /** A proximal step on the pruner's weights after every optimizer step. Defaults to none (null). */
  regularization?: RegularizationSpec | null;
  /** Weight rewinding after each round; needs an "iterative" schedule. Defaults to "none". */
  rewind?: RewindSpec;
}

/** What a budget target counts. */
export const budgetMetrics = Object.freeze(['macs', 'params'] as const);
export type BudgetMetric = (typeof budgetMetrics)[number];

/** A measured speedup for the compacted model over the dense one. */
export interface LatencyTarget {
  /** Dense latency over compacted latency, > 1. */
  speedup: number;
  /** Examples per predict call when measuring, an integer >= 1. Defaults to 1. */
  batch?: number;
}

/**
 * A budget for the compacted model: a fraction in (0, 1] of the dense model's MACs or
 * parameters, or a speedup measured on the backend in use. The config's one structured pruner
 * then gives only the timing of its schedule.
 */
export type BudgetTarget = { macs: number } | { params: number } | { latency: LatencyTarget };

/** A budget target with its defaults: a latency target's batch is always there. */
export type ResolvedBudgetTarget = { macs: number } | { params: number } | { latency: Required<LatencyTarget> };

/** The sparsity keys a targeted schedule leaves out, of every kind. */
export const targetedSparsityKeys = Object.freeze(['finalSparsity', 'initialSparsity', 'sparsity'] as const);

/** A schedule without its sparsity: the timing the structured pruner of a config with a `target` gives. */
export type ScheduleTiming = WithoutSparsity<ScheduleSpec>;
type WithoutSparsity<S> = S extends unknown ? Omit<S, (typeof targetedSparsityKeys)[number]> : never;

/**
 * The structured pruner of a config with a `target`: the target decides how much it prunes, so
 * its schedule has no sparsity, and it ranks all its channels together (no scope, normalize or
 * maxLayerSparsity).
 */
export interface TargetedPrunerConfig extends Omit<PrunerConfig, 'granularity' | 'schedule' | 'scope' | 'normalize' | 'maxLayerSparsity'> {
  granularity: 'structured' | Extract<GranularitySpec, { type: 'structured' }>;
  schedule: ScheduleTiming;
}

/** The JSON schedule file, as written: a sparsity per pruner, or a budget `target`. */
export type PruningConfig = SparsityConfig | BudgetConfig;

/** A config whose pruners each say their sparsity. */
export interface SparsityConfig {
  $schema?: string;
  target?: undefined;
  pruners: PrunerConfig[];
}

/** A config pruned to a budget: its one structured pruner gives only the timing. */
export interface BudgetConfig {
  $schema?: string;
  /** What the compacted model may cost. */
  target: BudgetTarget;
  pruners: (PrunerConfig | TargetedPrunerConfig)[];
}

/** One pruner of a config written in code: as in a file, but the schedule may be an object. */
export interface PrunerConfigInput extends Omit<PrunerConfig, 'schedule'> {
  /** A schedule spec, or any object implementing `PruningSchedule` (kept as it is, never read as JSON). */
  schedule: ScheduleInput;
}

/**
 * A config written in code; annotate it with this type to get completion. Everything a file
 * holds, plus `PruningSchedule` objects as schedules.
 *
 * @example
 * const config: PruningConfigInput = { pruners: [{ layers: { include: ['dense*'] }, schedule: mySchedule }] };
 */
export type PruningConfigInput =
  | { $schema?: string; target?: undefined; pruners: PrunerConfigInput[] }
  | { $schema?: string; /** What the compacted model may cost. */ target: BudgetTarget; pruners: (PrunerConfigInput | TargetedPrunerConfig)[] };

export interface ResolvedPrunerConfig {
  name: string;
  layers: LayerSelector;
  criterion: CriterionName;
  granularity: ResolvedGranularity;
  scope: PruningScope;
  /** A spec with its defaults, or the `PruningSchedule` object given in code, as it was. */
  schedule: ResolvedSchedule;
  /** 0 unless given; only read by criterion "random". */
  seed: number;
  normalize: 'none' | 'layer';
  /** null: no cap beyond "never 100%". */
  maxLayerSparsity: number | null;
  regularization: { type: 'l1' | 'l2' | 'group-l1'; strength: number } | null;
  rewind: 'none' | 'init' | { epoch: number };
}

/** A validated config with every default filled in; shares nothing with its input. */
export interface ResolvedPruningConfig {
  /** Present only when the config has one. */
  target?: ResolvedBudgetTarget;
  pruners: ResolvedPrunerConfig[];
}
