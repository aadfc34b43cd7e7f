import type { ResolvedScheduleSpec, ScheduleSpec } from './schedule-spec.js';

/*
 * Each enum lives here once, as a const array; the TypeScript type and the JSON Schema `enum` are
 * both derived from it. A new criterion ("random", "gradient", "taylor", "movement") is one more
 * array entry plus its implementation in core.
 */

export const criterionNames = ['magnitude'] as const;
export type CriterionName = (typeof criterionNames)[number];

export const granularityNames = ['unstructured'] as const;
export type GranularitySpec = (typeof granularityNames)[number];

export const pruningScopes = ['layer', 'global'] as const;
export type PruningScope = (typeof pruningScopes)[number];

/** What a pruner uses when the config leaves a field out. */
export const prunerDefaults = {
  criterion: criterionNames[0],
  granularity: granularityNames[0],
  scope: pruningScopes[0],
} as const;

/** tfjs layer classes (`layer.getClassName()`) that own a prunable kernel. */
export const prunableLayerClasses = [
  'Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D',
  'Embedding', 'LSTM', 'GRU', 'SimpleRNN',
] as const;

/** Which layers a pruner owns. Omitted fields do not filter. */
export interface LayerSelector {
  /** Layer-name globs (`*`, `?`); a layer must match one. Omitted: every layer. */
  include?: string[];
  /** Layer-name globs; a layer matching one is skipped. */
  exclude?: string[];
  /** tfjs class names, one of {@link prunableLayerClasses}. Omitted: every prunable class. */
  classes?: string[];
}

/** One pruner as written in a config file. */
export interface PrunerConfig {
  /** Unique across pruners. Defaults to `pruner-<index>`. */
  name?: string;
  /** Omitted: every prunable weight. */
  layers?: LayerSelector;
  /** How weights are ranked. Defaults to "magnitude". */
  criterion?: CriterionName;
  /** What is removed together. Defaults to "unstructured". */
  granularity?: GranularitySpec;
  /** "layer": each weight tensor reaches the target; "global": one ranking. Defaults to "layer". */
  scope?: PruningScope;
  schedule: ScheduleSpec;
}

/** The JSON schedule file, as written. */
export interface PruningConfig {
  $schema?: string;
  pruners: PrunerConfig[];
}

export interface ResolvedPrunerConfig {
  name: string;
  layers: LayerSelector;
  criterion: CriterionName;
  granularity: GranularitySpec;
  scope: PruningScope;
  schedule: ResolvedScheduleSpec;
}

/** A validated config with every default filled in; shares nothing with its input. */
export interface ResolvedPruningConfig {
  pruners: ResolvedPrunerConfig[];
}
