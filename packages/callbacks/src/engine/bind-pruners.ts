import type * as tfl from '@tensorflow/tfjs-layers';
import {
  channelGraph,
  type ChannelGraph,
  createCriterion,
  createGranularity,
  type Criterion,
  findPrunableWeights,
  type Granularity,
  type PrunableWeight,
} from '@tfjs-prune/core';
import { type ChannelTargets, channelTargets, describeUnitLayers, selectStructured, targetsForGranularity } from '@tfjs-prune/core/internal';
import type { ResolvedPrunerConfig } from '@tfjs-prune/schedules';

import { type BindIssue, PruningBindError } from '../errors/pruning-bind-error.js';

/** A pruner's config resolved against one model: what it prunes, and by what rule. */
export interface BoundPruner {
  /** Position in the config, for `/pruners/<index>` pointers. */
  readonly index: number;
  readonly name: string;
  /** Every weight the pruner masks: for "structured", all member weights of its channel groups. */
  readonly targets: readonly PrunableWeight[];
  /** The weights the config selected (the kernels with units, for "structured"): what regularization shrinks. */
  readonly selected: readonly PrunableWeight[];
  readonly criterion: Criterion;
  readonly granularity: Granularity;
  /** Set for "structured": the channel families the pruner ranks and the layers it leaves alone. */
  readonly channels?: ChannelTargets | undefined;
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
  let graph: ChannelGraph | undefined;
  const bound = pruners.map((config, index): BoundPruner => {
    let targets = findPrunableWeights(model, config.layers);
    if (targets.length === 0) {
      issues.push({ pointer: `/pruners/${index}/layers`, message: `pruner "${config.name}" matches no prunable weight (${describeSelector(config)})${whyEmpty(model, config)}` });
    }
    const criterion = createCriterion(config.criterion, { seed: config.seed });
    const frozen = [...new Set(targets.filter((t) => t.frozen === true).map((t) => t.path))];
    if (criterion.gradientStatistic !== undefined && frozen.length > 0) {
      issues.push({
        pointer: `/pruners/${index}/criterion`,
        message:
          `pruner "${config.name}" has criterion "${config.criterion}", which scores weights by their gradients, but ` +
          `${listLayers(frozen)} ${frozen.length === 1 ? 'is' : 'are'} frozen (trainable: false) and get${frozen.length === 1 ? 's' : ''} none: ` +
          'add "trainable": true to "layers" to leave frozen layers dense, or use criterion "magnitude"',
      });
    }
    const granularity = createGranularity(config.granularity);
    const split = granularity.channelGroups === true ? selectStructured(targets) : unitSelection(targetsForGranularity(granularity, targets));
    const { selected, refused } = split;
    // Structured pruning removes channel groups, so the pruner masks (and owns) every weight of
    // its groups, also BN and consumer weights of layers it did not select.
    let channels: ChannelTargets | undefined;
    if (granularity.channelGroups === true && selected.length > 0) {
      graph ??= channelGraph(model);
      channels = channelTargets(model, graph, [...new Set(selected.map((t) => t.path))], selected, split.members);
    }
    targets = channels === undefined ? selected : [...channels.weights];
    for (const { path, layerClass } of refused) {
      issues.push({
        pointer: `/pruners/${index}/granularity`,
        message:
          `pruner "${config.name}" has granularity "structured", which cannot prune layer "${path}" (${layerClass}): ` +
          `only these layers have whole output units: ${describeUnitLayers()}; ` +
          'exclude the layer (layers.exclude) or give it a pruner with "unstructured", "block" or "n:m"',
      });
    }
    // Only the weights a pruner selected are its own. The rest of a structured pruner's groups
    // (BN parameters, consumers' input slices) may also be masked by the pruner that selected
    // them: both masks are enforced, and a weight only ever loses entries.
    for (const target of selected) {
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
    if (selected.length > 0) {
      for (const message of criterion.bindIssues?.(channels) ?? []) {
        issues.push({ pointer: `/pruners/${index}/criterion`, message: `pruner "${config.name}" has criterion "${criterion.name}", which ${message}` });
      }
    }
    return { index, name: config.name, targets, selected, criterion, granularity, channels };
  });
  if (issues.length > 0) throw new PruningBindError(source, issues, describePrunableLayers(model));
  return bound;
}

/** A per-tensor granularity's split in the shape of `selectStructured`'s (no group members). */
function unitSelection({ targets, refused }: ReturnType<typeof targetsForGranularity>): ReturnType<typeof selectStructured> {
  return { selected: targets, members: [], refused };
}

function describeSelector({ layers }: ResolvedPrunerConfig): string {
  const parts: string[] = [];
  if (layers.include !== undefined) parts.push(`layers.include ${JSON.stringify(layers.include)}`);
  if (layers.exclude !== undefined) parts.push(`layers.exclude ${JSON.stringify(layers.exclude)}`);
  if (layers.classes !== undefined) parts.push(`layers.classes ${JSON.stringify(layers.classes)}`);
  if (layers.trainable !== undefined) parts.push(`layers.trainable ${String(layers.trainable)}`);
  return parts.length === 0 ? 'no layer filter' : parts.join(', ');
}

/**
 * When `trainable` filtered every match out, says so: the rest of the selector matched, and
 * the user froze (or unfroze) those layers, perhaps without knowing the filter cared.
 */
function whyEmpty(model: tfl.LayersModel, { layers }: ResolvedPrunerConfig): string {
  if (layers.trainable === undefined) return '';
  const others = [...new Set(findPrunableWeights(model, { ...layers, trainable: !layers.trainable }).map((t) => t.path))];
  if (others.length === 0) return '';
  const n = others.length;
  const matches = `its ${n === 1 ? 'only match,' : `${n} matches,`} ${listLayers(others)},`;
  return layers.trainable
    ? `: ${matches} ${n === 1 ? 'is a frozen layer' : 'are frozen layers'} (trainable: false); remove "trainable": true from "layers" to prune frozen layers too`
    : `: ${matches} ${n === 1 ? 'is a layer that trains' : 'are layers that train'} (trainable: true); remove "trainable": false from "layers" to prune them`;
}

/** `layer "a"` or `layers "a", "b"`, the first 5 named. */
function listLayers(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).map((p) => `"${p}"`).join(', ');
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
  return `${paths.length === 1 ? 'layer' : 'layers'} ${shown}${more}`;
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
