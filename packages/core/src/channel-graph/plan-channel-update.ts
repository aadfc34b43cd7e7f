import { GranularityError } from '../errors/granularity-error.js';
import type { MaskStore } from '../mask-store.js';
import { intersectKeep, type MaskUpdatePlan, type PlannedMask, targetUpdates } from '../mask-plan.js';
import type { MaskUpdateOptions } from '../plan-mask-update.js';
import type { PrunableWeight } from '../prunable-weights.js';
import type { ChannelGroup } from './channel-types.js';
import type { ChannelTargets } from './channel-targets.js';
import { groupKeepMasks } from './group-masks.js';
import { type ChannelNorm, groupImportance } from './group-importance.js';
import { isGroupPruned } from './kept-channels.js';
import { selectChannels } from './select-channels.js';

/**
 * Group-aware structured pruning's mask update, as `planMaskUpdate` for the other granularities:
 * computes and writes nothing. Each channel group is scored over all its masked members (the
 * criterion's element scores, gradient statistics included, reduced by the granularity's norm
 * and summed over members), the lowest are chosen per family (`layer`) or across families
 * (`global`), and every member slice of a chosen group is zeroed. The sparsity counts channels.
 * A group pruned before stays pruned (its slices are zero in the store) and counts towards it.
 */
export function planChannelUpdate(store: MaskStore, channels: ChannelTargets, options: MaskUpdateOptions): MaskUpdatePlan {
  if (options.granularity !== undefined && options.granularity.channelGroups !== true) {
    throw new GranularityError(`channel groups are pruned with granularity "structured" (got "${options.granularity.name}")`, 'INVALID_GRANULARITY');
  }
  const { groups, previous, alreadyPruned, importance } = channelImportance(store, channels, options);
  const { budget } = options;
  const allocation =
    budget === undefined
      ? undefined
      : budget.allocate(budget.model, channels.families, importance, {
          metric: budget.metric,
          keep: budget.keep,
          roundTo: options.granularity?.roundTo ?? 1,
          alreadyPruned,
        });
  const chosen = allocation?.pruned ?? selectChannels(channels.families, importance, {
    sparsity: options.sparsity,
    scope: options.scope,
    normalize: options.normalize ?? 'none',
    maxLayerSparsity: options.maxLayerSparsity ?? 1,
    alreadyPruned,
    roundTo: options.granularity?.roundTo ?? 1,
  });
  const masks: PlannedMask[] = [];
  for (const [name, mask] of groupKeepMasks(groups, chosen)) {
    const target = channels.byVariable.get(name) as PrunableWeight;
    masks.push({ target, keep: intersectKeep(mask.keep, previous.get(name)) });
  }
  return { masks, updates: targetUpdates(masks, options.sparsity), ...(allocation === undefined ? {} : { allocation }) };
}

/** What a channel update ranks: every group's importance, and the groups (and masks) already pruned. */
export interface ChannelImportance {
  readonly groups: readonly ChannelGroup[];
  readonly previous: ReadonlyMap<string, Uint8Array | undefined>;
  readonly alreadyPruned: ReadonlySet<string>;
  readonly importance: ReadonlyMap<string, number>;
}

/**
 * Each channel group's score over all its masked members (the criterion's element scores,
 * gradient statistics included, reduced by the granularity's norm and summed over members).
 * Reads weights to the CPU; writes nothing. A latency search ranks candidates with it too.
 */
export function channelImportance(store: MaskStore, channels: ChannelTargets, options: Pick<MaskUpdateOptions, 'criterion' | 'statistics' | 'granularity'>): ChannelImportance {
  const { criterion, statistics } = options;
  // "structured" allows l1 and l2 only, l1 by default.
  const norm: ChannelNorm = options.granularity?.norm === 'l2' ? 'l2' : 'l1';
  const previous = new Map<string, Uint8Array | undefined>();
  const scores = new Map<string, Float32Array>();
  for (const [name, target] of channels.byVariable) {
    previous.set(name, store.keepMask(target));
    const statistic = criterion.gradientStatistic === undefined ? undefined : statistics?.get(target);
    scores.set(name, criterion.score(target, target.variable.dataSync() as Float32Array, statistic));
  }
  const groups = channels.families.flatMap((f) => f.groups);
  const alreadyPruned = new Set(groups.filter((g) => isGroupPruned(g, (v) => previous.get(v))).map((g) => g.id));
  const importance = new Map(groups.map((g) => [g.id, groupImportance(g, (v) => scores.get(v), norm)]));
  return { groups, previous, alreadyPruned, importance };
}
