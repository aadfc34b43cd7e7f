import type * as tfl from '@tensorflow/tfjs-layers';
import { findPrunableWeights, type PrunableWeight } from '@tfjs-prune/core';
import type { ResolvedPrunerConfig } from '@tfjs-prune/schedules';

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
}

/**
 * Resolves each pruner's layer selector against `model`. Every pruner must match at least one
 * weight and no weight may be claimed twice: a silent empty match is the classic way to train
 * for hours and ship a dense model, and two pruners on one weight would fight over its mask.
 */
export function bindPruners(model: tfl.LayersModel, pruners: readonly ResolvedPrunerConfig[]): BoundPruner[] {
  const problems: string[] = [];
  const claimedBy = new Map<tfl.LayersModel['weights'][number] | object, string>();
  const bound = pruners.map((config) => {
    const targets = findPrunableWeights(model, config.layers);
    if (targets.length === 0) {
      problems.push(`pruner "${config.name}" matches no prunable weight (${describeSelector(config)})`);
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
    return { config, targets };
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
