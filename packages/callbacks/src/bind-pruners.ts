import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  createGranularity,
  type Criterion,
  findPrunableWeights,
  type Granularity,
  gradient,
  GradientAccumulator,
  magnitude,
  movement,
  type PrunableWeight,
  ProximalRegularizer,
  random,
  RewindSnapshot,
  taylor,
} from '@tfjs-prune/core';
import { createSchedule, lastUpdateEpoch, type PruningSchedule, type ResolvedPrunerConfig } from '@tfjs-prune/schedules';

/** Thrown when a config does not fit the model it is asked to prune. */
export class PruningBindError extends Error {
  constructor(readonly problems: readonly string[], prunableLayers: string) {
    super(`${problems.join('\n')}\nThe model's prunable layers: ${prunableLayers}`);
    this.name = 'PruningBindError';
  }
}

export interface BoundPruner {
  readonly config: ResolvedPrunerConfig;
  readonly targets: readonly PrunableWeight[];
  readonly criterion: Criterion;
  readonly granularity: Granularity;
}

/** The core criterion a config names. One line per criterion: the implementations live in core. */
export function criterionOf(config: Pick<ResolvedPrunerConfig, 'criterion' | 'seed'>): Criterion {
  switch (config.criterion) {
    case 'magnitude': return magnitude;
    case 'random': return random(config.seed);
    case 'gradient': return gradient;
    case 'taylor': return taylor;
    case 'movement': return movement;
  }
}

/**
 * Resolves each pruner's layer selector against `model`. Every pruner must match at least one
 * weight and no weight may be claimed twice: a silent empty match is the classic way to train
 * for hours and ship a dense model, and two pruners on one weight would fight over its mask.
 * A "structured" pruner takes only kernels with whole output units: on a SeparableConv2D it
 * prunes the pointwise kernel's filters and leaves the depthwise kernel alone; any other layer
 * without units (RNN, Embedding, DepthwiseConv2D) is an error naming the layer.
 */
export function bindPruners(model: tfl.LayersModel, pruners: readonly ResolvedPrunerConfig[]): BoundPruner[] {
  const problems: string[] = [];
  const claimedBy = new Map<tfl.LayersModel['weights'][number] | object, string>();
  const bound = pruners.map((config) => {
    let targets = findPrunableWeights(model, config.layers);
    if (targets.length === 0) {
      problems.push(`pruner "${config.name}" matches no prunable weight (${describeSelector(config)})`);
    }
    if (config.granularity.type === 'structured') {
      targets = targets.filter((t) => !(t.layerClass === 'SeparableConv2D' && t.weight === 'depthwise_kernel'));
      const noUnits = new Map(targets.filter((t) => t.units === undefined).map((t) => [t.path, t.layerClass]));
      for (const [path, layerClass] of noUnits) {
        problems.push(
          `pruner "${config.name}" has granularity "structured", which cannot prune layer "${path}" (${layerClass}): ` +
            'only Dense, Conv1D/2D/3D, Conv2DTranspose and SeparableConv2D (pointwise) kernels have whole output units; ' +
            'exclude the layer (layers.exclude) or give it a pruner with "unstructured", "block" or "n:m"',
        );
      }
    }
    for (const target of targets) {
      const other = claimedBy.get(target.variable);
      if (other !== undefined) {
        problems.push(
          `pruner "${config.name}" claims ${target.path}/${target.weight}, already claimed by pruner "${other}": ` +
            'a weight can belong to one pruner only (narrow "layers.include" or add "layers.exclude")',
        );
      } else {
        claimedBy.set(target.variable, config.name);
      }
    }
    return { config, targets, criterion: criterionOf(config), granularity: createGranularity(config.granularity) };
  });
  if (problems.length > 0) throw new PruningBindError(problems, describePrunableLayers(model));
  return bound;
}

function describeSelector({ layers }: ResolvedPrunerConfig): string {
  const parts: string[] = [];
  if (layers.include !== undefined) parts.push(`layers.include ${JSON.stringify(layers.include)}`);
  if (layers.exclude !== undefined) parts.push(`layers.exclude ${JSON.stringify(layers.exclude)}`);
  if (layers.classes !== undefined) parts.push(`layers.classes ${JSON.stringify(layers.classes)}`);
  return parts.length === 0 ? 'no layer filter' : parts.join(', ');
}

function describePrunableLayers(model: tfl.LayersModel): string {
  const byLayer = new Map<string, { layerClass: string; weights: string[] }>();
  for (const target of findPrunableWeights(model)) {
    const entry = byLayer.get(target.path) ?? { layerClass: target.layerClass, weights: [] };
    entry.weights.push(target.weight);
    byLayer.set(target.path, entry);
  }
  if (byLayer.size === 0) return '(none: the model has no Dense, convolution, embedding or recurrent layers)';
  return [...byLayer].map(([path, { layerClass, weights }]) => `${path} (${layerClass}: ${weights.join(', ')})`).join(', ');
}

/** A bound pruner with its runtime pieces, as the callback drives it. */
export interface ActivePruner extends BoundPruner {
  readonly schedule: PruningSchedule;
  /** Epoch of the schedule's last mask update: no gradients are accumulated from then on. */
  readonly lastUpdate: number;
  readonly regularizer: ProximalRegularizer | undefined;
  readonly snapshot: RewindSnapshot | undefined;
  /** Present while the criterion needs gradients and a future update will use them. */
  accumulator: GradientAccumulator | undefined;
  accumulating: boolean;
  /** Sparsity of the last mask update; 0 while dense. */
  appliedSparsity: number;
  updates: number;
}

/**
 * Which live callback masks each weight. Two callbacks on one model would each enforce their
 * masks and fight over the weights; keyed by variable, so a Sequential and the model it wraps
 * count as one model.
 */
const owners = new WeakMap<tf.Variable, object>();

export function claim(owner: object, model: tfl.LayersModel, pruners: readonly BoundPruner[]): void {
  const variables = pruners.flatMap((p) => p.targets.map((t) => t.variable));
  if (variables.some((v) => owners.has(v) && owners.get(v) !== owner)) {
    throw new Error(
      `model "${model.name}" is already pruned by another PruningCallback; use one callback with several pruners, or strip() the other first`,
    );
  }
  for (const v of variables) owners.set(v, owner);
}

export function release(owner: object, pruners: readonly ActivePruner[]): void {
  for (const p of pruners) for (const t of p.targets) if (owners.get(t.variable) === owner) owners.delete(t.variable);
}

/** Builds a pruner's schedule, regularizer, rewind snapshot and gradient accumulator. */
export function activate(bound: BoundPruner): ActivePruner {
  const { config, targets, criterion, granularity } = bound;
  const statistic = criterion.gradientStatistic;
  return {
    ...bound,
    schedule: createSchedule(config.schedule),
    lastUpdate: lastUpdateEpoch(config.schedule),
    regularizer: config.regularization === null ? undefined : new ProximalRegularizer(targets, config.regularization, granularity),
    snapshot: config.rewind === 'none' ? undefined : new RewindSnapshot(targets),
    accumulator: statistic === undefined ? undefined : new GradientAccumulator(targets, statistic),
    accumulating: statistic !== undefined,
    appliedSparsity: 0,
    updates: 0,
  };
}

/**
 * Starts or stops gradient accumulation. Stopping frees the accumulators (a float32 copy of
 * every target): after the last mask update nothing will read them.
 */
export function setAccumulating(pruner: ActivePruner, on: boolean): void {
  const statistic = pruner.criterion.gradientStatistic;
  pruner.accumulating = on && statistic !== undefined;
  if (pruner.accumulating && pruner.accumulator === undefined) {
    pruner.accumulator = new GradientAccumulator(pruner.targets, statistic as NonNullable<typeof statistic>);
  } else if (!pruner.accumulating && pruner.accumulator !== undefined) {
    pruner.accumulator.dispose();
    pruner.accumulator = undefined;
  }
}
