import type * as tfl from '@tensorflow/tfjs-layers';

import type { ChannelFamily, ChannelGroup } from '../channel-graph/channel-types.js';
import { sliceOffsets } from '../channel-graph/slice-offsets.js';
import { BudgetError } from '../errors/budget-error.js';
import { type BudgetMetric, type WeightCost, weightCosts } from './cost-factors.js';

/** How many channels the final fill may move a family from the shared fraction's width: one roundTo step when that is more. */
const MOVE_CHANNELS = 3;
/** Trades of the fill (widen one family, narrow another): each tries every pair of families, so a deep net pays for each. */
const FILL_ROUNDS = 8;

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
 * One fraction of channels for every family: each keeps the same share of its channels (as close
 * as whole channels and `roundTo` allow), the largest share whose compacted model fits `keep` of
 * the dense model's MACs or parameters, and gives up its lowest-scored channels. Uniform, because
 * ranking channels by importance per cost freed lost to it on every net measured (docs/budget.md):
 * a channel of an early, full-resolution layer is always the cheapest per MAC, so that ranking
 * cut ResNet's first stage to 1 or 2 channels of 16. The cost of a choice is exact: removing a
 * channel frees its producer's kernel slice, its BN parameters and the consumers' input slices,
 * an entry shared by a removed output and a removed input counts once, and the total equals the
 * compacted model's `countMacs` / `countParams`.
 *
 * Whatever room the shared fraction leaves below the target is filled by widening a family one
 * step (or widening one while narrowing another), each family staying within 3 channels or one
 * `roundTo` step of the shared width, landing as close below the target as that allows. A
 * family always keeps max(1, N) channels (all when narrower than N); channels pruned by an earlier
 * update stay pruned. When even the floors cannot reach the target, `achieved` > `target`.
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

  const ranked = families.map((family) => {
    const scored = family.groups.map((group) => {
      const score = scores.get(group.id);
      if (score === undefined || Number.isNaN(score)) throw new BudgetError('BUDGET_MISSING_SCORE', `channel group "${group.id}" has no score (got ${String(score)})`);
      return { group, score };
    });
    // Lowest first, earlier channels first among ties (as `selectChannels` breaks them), and
    // channels an earlier update pruned before all others: they stay pruned.
    scored.sort((a, b) => a.score - b.score);
    return scored.sort((a, b) => Number(alreadyPruned.has(b.group.id)) - Number(alreadyPruned.has(a.group.id)));
  });
  const widths = ranked.map((family) => keptWidths(family.length, roundTo, family.filter((e) => alreadyPruned.has(e.group.id)).length));
  /** Family `f`'s width at `fraction`: its widest allowed width not above fraction · channels, within its bounds. */
  const widthAt = (f: number, fraction: number): number => {
    const allowed = widths[f]!;
    const wanted = fraction * ranked[f]!.length + 1e-9;
    return allowed.findLast((w) => w <= wanted) ?? (allowed[0] as number);
  };
  const coverage = new Map<string, Uint16Array>();
  let achieved = dense;
  /** Sets family `f` from width `from` to `to` (its lowest-ranked channels go first); returns the cost it adds. */
  const resize = (f: number, from: number, to: number): number => {
    const family = ranked[f]!;
    const [first, last, delta] = to < from ? [family.length - from, family.length - to, +1 as const] : [family.length - to, family.length - from, -1 as const];
    let added = 0;
    for (const { group } of family.slice(first, last)) added += delta * -changeCoverage(group, coverage, costs, delta);
    achieved += added;
    return added;
  };
  // Each family's width as the coverage stands: every bisection step moves from the last one's
  // widths, so it walks only the channels that change (a deep net's entries are millions).
  const current = ranked.map((family) => family.length);
  const pruneAt = (fraction: number): number[] =>
    ranked.map((_, f) => {
      const kept = widthAt(f, fraction);
      resize(f, current[f]!, kept);
      current[f] = kept;
      return kept;
    });
  // The fractions at which some family's width changes; cost only grows with the fraction, so the
  // largest that fits is found by bisection over them.
  const fractions = [...new Set([0, ...widths.flatMap((allowed, f) => allowed.map((w) => w / ranked[f]!.length))])].sort((a, b) => a - b);
  let low = 0;
  let high = fractions.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    pruneAt(fractions[middle] as number);
    if (achieved <= target) low = middle;
    else high = middle - 1;
  }
  const kept = pruneAt(fractions[low] as number);

  // The shared fraction leaves some room below the target: one width step of some family when
  // steps are single channels, more with roundTo. Fill it: widen one family, alone or while
  // narrowing another, whichever lands closest below the target; repeat while it gets closer,
  // every family staying within MOVE_CHANNELS (or one width step) of the shared fraction's width. Each trial is
  // exact (applied, then undone).
  const at = kept.map((w, f) => widths[f]!.indexOf(w));
  // Bounds that keep every family within MOVE steps of the shared fraction's width.
  const move = Math.max(1, Math.floor(MOVE_CHANNELS / Math.max(1, roundTo)));
  const lowest = at.map((index) => Math.max(0, index - move));
  const highest = at.map((index, f) => Math.min(widths[f]!.length - 1, index + move));
  const setIndex = (f: number, index: number): number => {
    const added = resize(f, widths[f]![at[f]!]!, widths[f]![index]!);
    at[f] = index;
    return added;
  };
  // Two families that share no variable change disjoint entries, so a trade's cost is the sum of
  // its two moves measured alone; only neighbours (a producer and its consumer) need a joint trial.
  // A deep net has thousands of pairs and few neighbours.
  const variables = ranked.map((family) => new Set(family.flatMap(({ group }) => group.members.map((m) => m.variable))));
  const neighbours = variables.map((mine) => variables.map((theirs) => [...mine].some((v) => theirs.has(v))));
  /** The widening (with `pairs`, also widen-one-narrow-another) that lands closest below the target, if any gets closer. */
  const bestMove = (pairs: boolean) => {
    const before = achieved;
    let best: { moves: [number, number][]; cost: number } | undefined;
    const consider = (moves: [number, number][], cost: number) => {
      if (cost <= target && cost > (best?.cost ?? before)) best = { moves, cost };
    };
    /** What moving family `f` to `index` alone adds, every other family where it stands. */
    const alone = (f: number, index: number): number => {
      const from = at[f]!;
      const added = setIndex(f, index);
      setIndex(f, from);
      return added;
    };
    const narrowings = pairs ? ranked.map((_, f) => Array.from({ length: at[f]! - lowest[f]! }, (_, k) => alone(f, at[f]! - 1 - k))) : [];
    for (const up of ranked.keys()) {
      const from = at[up]!;
      for (let u = from + 1; u <= highest[up]!; u++) {
        const widened = alone(up, u);
        consider([[up, u]], before + widened);
        for (const down of pairs ? ranked.keys() : []) {
          if (down === up) continue;
          const start = at[down]!;
          const jointly = neighbours[up]![down]!;
          if (jointly) setIndex(up, u);
          for (let d = start - 1; d >= lowest[down]!; d--) {
            if (!jointly) {
              consider([[up, u], [down, d]], before + widened + narrowings[down]![start - 1 - d]!);
              continue;
            }
            setIndex(down, d);
            consider([[up, u], [down, d]], achieved);
            setIndex(down, start);
          }
          if (jointly) setIndex(up, from);
        }
      }
    }
    return best;
  };
  // Widenings alone first (cheap: one trial per family and step); trades only when none fits.
  let trades = 0;
  while (achieved < target) {
    const move = bestMove(false) ?? (trades++ < FILL_ROUNDS ? bestMove(true) : undefined);
    if (move === undefined) break;
    for (const [f, index] of move.moves) setIndex(f, index);
  }
  kept.forEach((_, f) => (kept[f] = widths[f]![at[f]!]!));
  const pruned = new Set(ranked.flatMap((family, f) => family.slice(0, family.length - kept[f]!).map((e) => e.group.id)));
  return {
    pruned,
    metric,
    dense,
    target,
    achieved,
    kept: families.map((family) => ({ family: family.name, channels: family.groups.length, kept: family.groups.filter((g) => !pruned.has(g.id)).length })),
  };
}

/**
 * The widths a family of `channels` may keep, narrowest first: multiples of `roundTo` (every
 * width when it is 1) from max(1, roundTo) up, and the whole family; never wider than what an
 * earlier update left (`alreadyPruned` channels stay pruned). A family narrower than `roundTo`
 * stays whole.
 */
function keptWidths(channels: number, roundTo: number, alreadyPruned: number): number[] {
  const step = Math.max(1, roundTo);
  const widths = channels < step ? [channels] : [...Array.from({ length: Math.floor(channels / step) }, (_, k) => (k + 1) * step), channels];
  const left = channels - alreadyPruned;
  const within = [...new Set(widths)].filter((w) => w <= left);
  // An earlier update under other rounding may have left a width this one does not allow.
  return within.length > 0 ? within : [left];
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
