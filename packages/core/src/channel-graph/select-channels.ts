import { TfjsPruneError } from '@tfjs-prune/errors';

import type { ChannelFamily } from './channel-types.js';
import { liveScoreMean } from '../live-score-mean.js';
import { roundHalfToEven } from '../rounding.js';
import { giveBackToMultiples, roundKeptUp } from './round-kept-channels.js';

export interface ChannelSelectionOptions {
  /** Fraction of each family's prunable channels to prune (layer scope) or of all of them (global). */
  readonly sparsity: number;
  /** `layer`: every family reaches the sparsity; `global`: one ranking across families. Defaults to `layer`. */
  readonly scope?: 'layer' | 'global';
  /**
   * Global scope: `layer` divides each family's scores by their mean over its channels not yet
   * pruned, so wide and narrow layers compare; the same meaning as for weights and blocks
   * (`GlobalMaskOptions.normalize`, where a family is a tensor). Defaults to `none`.
   */
  readonly normalize?: 'none' | 'layer';
  /** Global scope: no family loses more than this fraction of its channels. Defaults to no cap. */
  readonly maxLayerSparsity?: number;
  /** Group ids pruned by an earlier update: they stay pruned and count towards the target. Defaults to none. */
  readonly alreadyPruned?: ReadonlySet<string>;
  /** Every family keeps a multiple of this many channels, rounded up (see `roundKeptUp`). Defaults to 1. */
  readonly roundTo?: number;
}

export class ChannelSelectionError extends TfjsPruneError<'CHANNEL_SELECTION_INVALID_SPARSITY' | 'CHANNEL_SELECTION_MISSING_SCORE'> {
  override readonly name = 'ChannelSelectionError';
}

interface Candidate {
  readonly id: string;
  readonly family: number;
  readonly order: number;
  readonly score: number;
  readonly pruned: boolean;
}

const byRank = (a: Candidate, b: Candidate) =>
  Number(b.pruned) - Number(a.pruned) || a.score - b.score || a.family - b.family || a.order - b.order;

/**
 * The channel groups to prune: the lowest-scored, counting channels with halves rounded to even,
 * ties broken by position, never every channel of a family (one always stays), and never bringing
 * back a channel pruned before.
 */
export function selectChannels(families: readonly ChannelFamily[], scores: ReadonlyMap<string, number>, options: ChannelSelectionOptions): Set<string> {
  const { sparsity, scope = 'layer', normalize = 'none', maxLayerSparsity = 1, alreadyPruned = new Set<string>(), roundTo = 1 } = options;
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw new ChannelSelectionError('CHANNEL_SELECTION_INVALID_SPARSITY', `channel sparsity must be in [0, 1) (got ${sparsity})`);
  }
  const candidates = families.map((family, f) => {
    const raw = family.groups.map((g) => {
      const score = scores.get(g.id);
      if (score === undefined || Number.isNaN(score)) {
        throw new ChannelSelectionError('CHANNEL_SELECTION_MISSING_SCORE', `channel group "${g.id}" has no score (got ${String(score)})`);
      }
      return score;
    });
    const mean = scope === 'global' && normalize === 'layer' ? liveScoreMean(raw, (i) => alreadyPruned.has(family.groups[i]!.id)) : undefined;
    const scale = mean === undefined ? 1 : 1 / mean;
    return family.groups.map((g, i): Candidate => ({ id: g.id, family: f, order: i, score: raw[i]! * scale, pruned: alreadyPruned.has(g.id) }));
  });
  const chosen = new Set<string>();
  if (scope === 'layer') {
    for (const group of candidates) {
      const already = group.filter((c) => c.pruned).length;
      const wanted = Math.min(roundHalfToEven(sparsity * group.length), group.length - 1);
      const count = Math.max(already, group.length - roundKeptUp(group.length - wanted, group.length, roundTo));
      [...group].sort(byRank).slice(0, count).forEach((c) => chosen.add(c.id));
    }
    return chosen;
  }
  const caps = candidates.map((group) => Math.min(group.length - 1, Math.floor(maxLayerSparsity * group.length + 1e-9)));
  const taken = candidates.map(() => 0);
  const target = roundHalfToEven(sparsity * candidates.reduce((a, g) => a + g.length, 0));
  for (const c of candidates.flat().sort(byRank)) {
    if (!c.pruned && (chosen.size >= target || taken[c.family]! >= caps[c.family]!)) continue;
    chosen.add(c.id);
    taken[c.family]!++;
  }
  if (roundTo > 1) giveBackToMultiples(candidates, chosen, roundTo);
  return chosen;
}
