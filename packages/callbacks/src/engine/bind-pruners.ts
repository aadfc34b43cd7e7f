import type * as tfl from '@tensorflow/tfjs-layers';
import {
  createGranularity,
  type Criterion,
  findPrunableWeights,
  type Granularity,
  gradient,
  magnitude,
  movement,
  type PrunableWeight,
  random,
  taylor,
} from '@tfjs-prune/core';
import type { ResolvedPrunerConfig } from '@tfjs-prune/schedules';

import { type BindIssue, PruningBindError } from '../errors/pruning-bind-error.js';

/** A pruner's config resolved against one model: what it prunes, and by what rule. */
export interface BoundPruner {
  /** Position in the config, for `/pruners/<index>` pointers. */
  readonly index: number;
  readonly name: string;
  readonly targets: readonly PrunableWeight[];
  readonly criterion: Criterion;
  readonly granularity: Granularity;
}

/**
 * The core criterion a config names. The one call site to replace with core's
 * `createCriterion(name, { seed })` once it exists: the implementations already live in core.
 */
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
 * Which weights "structured" can prune: kernels with whole output units. A local copy of a
 * rule that belongs to core's layer registry (h9-core); replace this function by the registry's
 * answer when it lands. On a SeparableConv2D the depthwise kernel is skipped (the pointwise
 * kernel carries the filters); other weights without units are refused by name.
 */
export function structuredApplies(target: PrunableWeight): 'yes' | 'skip' | 'no' {
  if (target.layerClass === 'SeparableConv2D' && target.weight === 'depthwise_kernel') return 'skip';
  return target.units === undefined ? 'no' : 'yes';
}

/**
 * Resolves each pruner's layer selector against `model`. Every pruner must match at least one
 * weight and no weight may be claimed twice: a silent empty match is the classic way to train
 * for hours and ship a dense model, and two pruners on one weight would fight over its mask.
 * All problems are reported at once, each at its place in the config.
 */
export function bindPruners(model: tfl.LayersModel, pruners: readonly ResolvedPrunerConfig[], source = 'config'): BoundPruner[] {
  const issues: BindIssue[] = [];
  const claimedBy = new Map<object, string>();
  const bound = pruners.map((config, index) => {
    let targets = findPrunableWeights(model, config.layers);
    if (targets.length === 0) {
      issues.push({ pointer: `/pruners/${index}/layers`, message: `pruner "${config.name}" matches no prunable weight (${describeSelector(config)})` });
    }
    if (config.granularity.type === 'structured') {
      targets = targets.filter((t) => structuredApplies(t) !== 'skip');
      const noUnits = new Map(targets.filter((t) => structuredApplies(t) === 'no').map((t) => [t.path, t.layerClass]));
      for (const [path, layerClass] of noUnits) {
        issues.push({
          pointer: `/pruners/${index}/granularity`,
          message:
            `pruner "${config.name}" has granularity "structured", which cannot prune layer "${path}" (${layerClass}): ` +
            'only Dense, Conv1D/2D/3D, Conv2DTranspose and SeparableConv2D (pointwise) kernels have whole output units; ' +
            'exclude the layer (layers.exclude) or give it a pruner with "unstructured", "block" or "n:m"',
        });
      }
    }
    for (const target of targets) {
      const other = claimedBy.get(target.variable);
      if (other !== undefined) {
        issues.push({
          pointer: `/pruners/${index}/layers`,
          message:
            `pruner "${config.name}" claims ${target.path}/${target.weight}, already claimed by pruner "${other}": ` +
            'a weight can belong to one pruner only (narrow "layers.include" or add "layers.exclude")',
        });
      } else {
        claimedBy.set(target.variable, config.name);
      }
    }
    return { index, name: config.name, targets, criterion: criterionOf(config), granularity: createGranularity(config.granularity) };
  });
  if (issues.length > 0) throw new PruningBindError(source, issues, describePrunableLayers(model));
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
