import type * as tfl from '@tensorflow/tfjs-layers';

import type { ChannelFamily, ChannelGroup } from '../channel-graph/channel-types.js';
import { sliceOffsets } from '../channel-graph/slice-offsets.js';
import { BudgetError } from '../errors/budget-error.js';
import { type BudgetMetric, type WeightCost, weightCosts } from './cost-factors.js';
import { MinQueue } from './min-queue.js';

/** How far below the target a finishing step may land before smaller steps of other layers are tried instead. */
const FINISH_TOLERANCE = 0.005;

export interface BudgetOptions {
  /** What the target counts. */
  readonly metric: BudgetMetric;
  /** Fraction of the dense model's MACs or parameters to keep after compaction, in (0, 1]. */
  readonly keep: number;
  /** Every family keeps a multiple of this many channels (a narrower family stays whole). Defaults to 1. */
  readonly roundTo?: number;
  /** Group ids pruned by an earlier update: they stay pruned and their cost is already gone. Defaults to none. */
  readonly alreadyPruned?: ReadonlySet<string>;
}

/** Which channels to prune for a budget, and how close the compacted model comes to it. */
export interface BudgetAllocation {
  readonly pruned: Set<string>;
  readonly metric: BudgetMetric;
  /** The dense model's MACs or parameters. */
  readonly dense: number;
  /** `keep · dense`: what the compacted model may cost. */
  readonly target: number;
  /** What the compacted model will cost (exact, as `countMacs` / `countParams` of the compacted model). */
  readonly achieved: number;
  /** Channels kept per family, in family order. */
  readonly kept: readonly { readonly family: string; readonly channels: number; readonly kept: number }[];
}

/**
 * Global ranking with costs: channels are removed greedily, cheapest importance per unit of cost
 * first, until the compacted model fits `keep` of the dense model's MACs or parameters. A
 * channel's importance is its group score divided by the mean score of its family (scores of
 * different layers are not on one scale), and its cost is what removing it frees from the dense
 * model: its producer's kernel slice, its BN parameters, and the consumers' input slices. The
 * running total counts what each removal frees *now*, so an entry shared by a removed producer
 * output and a removed consumer input is subtracted once, and the total equals the compacted
 * model's `countMacs` / `countParams` exactly.
 *
 * With `roundTo` N a family gives up channels in steps that keep its width a multiple of N
 * (its lowest-scored channels first), scored by their summed importance over their summed cost.
 * A family always keeps max(1, N) channels (all when narrower than N). When even that cannot
 * reach the target, the result says so: `achieved` > `target`.
 */
export function allocateChannels(
  model: tfl.LayersModel,
  families: readonly ChannelFamily[],
  scores: ReadonlyMap<string, number>,
  options: BudgetOptions,
): BudgetAllocation {
  const { metric, keep, roundTo = 1, alreadyPruned = new Set<string>() } = options;
  if (!(keep > 0 && keep <= 1)) {
    throw new BudgetError('BUDGET_INVALID_TARGET', `a ${metric} target must keep a fraction in (0, 1] of the dense model (got ${keep})`);
  }
  const costs = weightCosts(model, metric);
  const dense = [...costs.values()].reduce((sum, c) => sum + c.size * c.perEntry, 0);
  const target = keep * dense;
  const coverage = new Map<string, Uint16Array>();
  const pruned = new Set<string>();
  let achieved = dense;
  const remove = (group: ChannelGroup): void => {
    achieved -= changeCoverage(group, coverage, costs, +1);
    pruned.add(group.id);
  };

  const ranked = families.map((family) => {
    const raw = family.groups.map((g) => {
      const score = scores.get(g.id);
      if (score === undefined || Number.isNaN(score)) throw new BudgetError('BUDGET_MISSING_SCORE', `channel group "${g.id}" has no score (got ${String(score)})`);
      return score;
    });
    const mean = raw.reduce((a, s) => a + s, 0) / Math.max(raw.length, 1);
    const normalized = family.groups.map((group, i) => ({ group, importance: mean > 0 ? (raw[i] as number) / mean : 0 }));
    // Lowest first; earlier channels first among ties, as `selectChannels` breaks them.
    return normalized.sort((a, b) => a.importance - b.importance);
  });
  const floorOf = (size: number) => (size < roundTo ? size : Math.max(1, roundTo));
  const next = ranked.map(() => 0);
  for (const [f, family] of ranked.entries()) {
    for (const entry of family) {
      if (!alreadyPruned.has(entry.group.id)) continue;
      remove(entry.group);
    }
    // Already-pruned channels are the lowest-ranked only by luck; move them to the front.
    family.sort((a, b) => Number(pruned.has(b.group.id)) - Number(pruned.has(a.group.id)));
    next[f] = family.filter((e) => pruned.has(e.group.id)).length;
  }

  /** The channels family `f` gives up next, or undefined when it is at its floor. */
  const step = (f: number) => {
    const family = ranked[f]!;
    const kept = family.length - next[f]!;
    const count = roundTo <= 1 ? 1 : kept % roundTo === 0 ? roundTo : kept % roundTo;
    if (kept - count < floorOf(family.length)) return undefined;
    return family.slice(next[f]!, next[f]! + count);
  };
  // Ranking costs are the dense model's: with the live cost, every channel removed from a layer
  // makes its neighbours' channels cheaper to keep, and the ranking collapses one layer to a
  // single channel. The live cost still decides when the target is met.
  const denseCoverage = new Map<string, Uint16Array>();
  const ratio = (entries: readonly { group: ChannelGroup; importance: number }[]) => {
    const freed = freedBy(entries, denseCoverage, costs);
    const importance = entries.reduce((sum, e) => sum + e.importance, 0);
    return freed <= 0 ? Infinity : importance / freed;
  };

  const queue = new MinQueue<number>();
  for (const f of ranked.keys()) {
    const entries = step(f);
    if (entries !== undefined) queue.push(ratio(entries), f);
  }
  const take = (f: number, entries: readonly { group: ChannelGroup }[]): void => {
    for (const entry of entries) remove(entry.group);
    next[f]! += entries.length;
  };
  while (achieved > target && queue.size > 0) {
    const { key, value: f } = queue.pop()!;
    const entries = step(f);
    if (entries === undefined || key === Infinity) continue;
    if (achieved - freedBy(entries, coverage, costs) <= target) {
      // This step would finish below the target. Take the finishing step that lands closest to
      // it if that is within the tolerance; otherwise set this family aside (its step only ever
      // finishes, as costs only fall) and go on with smaller steps of the others.
      const closest = closestFinish(ranked.keys(), step, (e) => achieved - freedBy(e, coverage, costs), target);
      if (closest !== undefined && target - closest.cost <= FINISH_TOLERANCE * target) {
        take(closest.f, closest.entries);
        break;
      }
      continue;
    }
    take(f, entries);
    const following = step(f);
    if (following !== undefined) queue.push(ratio(following), f);
  }
  if (achieved > target) {
    // Every family left would finish below the target in one step: the closest such step.
    const closest = closestFinish(ranked.keys(), step, (e) => achieved - freedBy(e, coverage, costs), target);
    if (closest !== undefined) take(closest.f, closest.entries);
  }
  // Whatever room the last step left below the target goes back to the most important pruned
  // channels that fit in it (in whole steps of roundTo), so the result lands as close to the
  // target as the channel widths allow. Each trial is exact: applied, then undone if too costly.
  const width = Math.max(1, roundTo);
  const chunks = ranked.flatMap((family) => {
    const back = family.filter((e) => pruned.has(e.group.id) && !alreadyPruned.has(e.group.id)).sort((a, b) => b.importance - a.importance);
    return Array.from({ length: Math.floor(back.length / width) }, (_, k) => back.slice(k * width, (k + 1) * width));
  });
  const meanImportance = (chunk: readonly { importance: number }[]) => chunk.reduce((a, e) => a + e.importance, 0) / chunk.length;
  for (const chunk of chunks.sort((a, b) => meanImportance(b) - meanImportance(a))) {
    let added = 0;
    for (const entry of chunk) added += changeCoverage(entry.group, coverage, costs, -1);
    if (achieved + added <= target) {
      achieved += added;
      for (const entry of chunk) pruned.delete(entry.group.id);
    } else {
      for (const entry of chunk) changeCoverage(entry.group, coverage, costs, +1);
    }
  }
  return {
    pruned,
    metric,
    dense,
    target,
    achieved,
    kept: families.map((family) => ({ family: family.name, channels: family.groups.length, kept: family.groups.filter((g) => !pruned.has(g.id)).length })),
  };
}

/** The family step whose cost after it is closest to `target` from below, if any reaches it. */
function closestFinish<E>(
  families: Iterable<number>,
  step: (f: number) => readonly E[] | undefined,
  after: (entries: readonly E[]) => number,
  target: number,
): { f: number; entries: readonly E[]; cost: number } | undefined {
  let best: { f: number; entries: readonly E[]; cost: number } | undefined;
  for (const f of families) {
    const entries = step(f);
    if (entries === undefined) continue;
    const cost = after(entries);
    if (cost <= target && (best === undefined || cost > best.cost)) best = { f, entries, cost };
  }
  return best;
}

/**
 * What removing `entries` frees now: the cost of their members' entries that no pruned channel
 * covers yet (the moving statistics and other unmasked members too, since compaction removes them).
 * Entries shared by two of them (a producer's output and a consumer's input) count once.
 */
function freedBy(entries: readonly { group: ChannelGroup }[], coverage: Map<string, Uint16Array>, costs: ReadonlyMap<string, WeightCost>): number {
  const seen = new Map<string, Set<number>>();
  let freed = 0;
  for (const { group } of entries) {
    for (const member of group.members) {
      const cost = costs.get(member.variable);
      if (cost === undefined) continue;
      const covered = coverage.get(member.variable);
      let counted = seen.get(member.variable);
      if (counted === undefined) seen.set(member.variable, (counted = new Set()));
      for (const offset of sliceOffsets(member.shape, member.axis, member.indices)) {
        if ((covered?.[offset] ?? 0) > 0 || counted.has(offset)) continue;
        counted.add(offset);
        freed += cost.perEntry;
      }
    }
  }
  return freed;
}

/**
 * Counts `group`'s entries as covered by one more (`+1`) or one fewer (`-1`) pruned channel;
 * returns the cost of the entries whose state changed (covered ↔ alive).
 */
function changeCoverage(group: ChannelGroup, coverage: Map<string, Uint16Array>, costs: ReadonlyMap<string, WeightCost>, delta: 1 | -1): number {
  let changed = 0;
  for (const member of group.members) {
    const cost = costs.get(member.variable);
    if (cost === undefined) continue;
    let covered = coverage.get(member.variable);
    if (covered === undefined) coverage.set(member.variable, (covered = new Uint16Array(cost.size)));
    for (const offset of sliceOffsets(member.shape, member.axis, member.indices)) {
      const before = covered[offset] as number;
      covered[offset] = before + delta;
      if (before === 0 || before + delta === 0) changed += cost.perEntry;
    }
  }
  return changed;
}
