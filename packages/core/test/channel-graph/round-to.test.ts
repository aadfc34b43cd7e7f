import { describe, expect, it } from 'vitest';

import '../support/cpu-backend.js';
import { type ChannelFamily, type ChannelGroup, createGranularity } from '@tfjs-prune/core';
import { selectChannels } from '../../src/channel-graph/select-channels.js';

/** Families of the given widths; only ids matter to the selection. */
function families(widths: Record<string, number>): ChannelFamily[] {
  return Object.entries(widths).map(([name, width]) => ({
    name,
    producers: [name],
    groups: Array.from({ length: width }, (_, i) => ({ id: `${name}#${i}` }) as ChannelGroup),
  }));
}

/** Channel i of every family scores i + 1 (times `scale[family]`): the low indices go first. */
function scores(fams: ChannelFamily[], scale: Record<string, number> = {}): Map<string, number> {
  return new Map(fams.flatMap((f) => f.groups.map((g, i) => [g.id, (i + 1) * (scale[f.name] ?? 1)] as [string, number])));
}

function keptPerFamily(fams: ChannelFamily[], chosen: Set<string>): Record<string, number> {
  return Object.fromEntries(fams.map((f) => [f.name, f.groups.filter((g) => !chosen.has(g.id)).length]));
}

describe('structured roundTo', () => {
  /**
   * Sparsity 0.6: 16 channels would keep 16 − round(9.6) = 6, rounded up to 8; 10 keep 4, already
   * a multiple; 7 keep 7 − round(4.2) = 3, rounded up to 4; 3 (narrower than 4) stays whole.
   */
  it('layer scope: kept counts are rounded up to multiples of roundTo, never below it', () => {
    const fams = families({ a: 16, b: 10, c: 7, d: 3 });
    const chosen = selectChannels(fams, scores(fams), { sparsity: 0.6, roundTo: 4 });
    expect(keptPerFamily(fams, chosen)).toEqual({ a: 8, b: 4, c: 4, d: 3 });
    expect([...chosen].filter((id) => id.startsWith('a#')).sort()).toEqual(['a#0', 'a#1', 'a#2', 'a#3', 'a#4', 'a#5', 'a#6', 'a#7']);
    expect(keptPerFamily(fams, selectChannels(fams, scores(fams), { sparsity: 0.6 }))).toEqual({ a: 6, b: 4, c: 3, d: 1 });
  });

  /**
   * Global ranking of 24 channels at 0.5 prunes the 12 lowest: a's scores are 1..8, b's 2..32,
   * so a loses 7 (capped: never a whole family) and b its 5 lowest, keeping 1 and 11. Rounding
   * to 4 then gives back the best-scored of each family's newly pruned channels: a keeps 4, b 12.
   */
  it('global scope: each family gives back its best newly pruned channels up to a multiple', () => {
    const fams = families({ a: 8, b: 16 });
    const plain = selectChannels(fams, scores(fams, { b: 2 }), { sparsity: 0.5, scope: 'global' });
    expect(keptPerFamily(fams, plain)).toEqual({ a: 1, b: 11 });
    const rounded = selectChannels(fams, scores(fams, { b: 2 }), { sparsity: 0.5, scope: 'global', roundTo: 4 });
    expect(keptPerFamily(fams, rounded)).toEqual({ a: 4, b: 12 });
    // a gives back its best three pruned (a#4..a#6 of a#0..a#6), b its best one (b#4 of b#0..b#4).
    expect([...rounded].sort()).toEqual(['a#0', 'a#1', 'a#2', 'a#3', 'b#0', 'b#1', 'b#2', 'b#3']);
  });

  it('never brings back a channel pruned by an earlier update', () => {
    const fams = families({ a: 8 });
    const chosen = selectChannels(fams, scores(fams), { sparsity: 0.5, scope: 'global', roundTo: 8, alreadyPruned: new Set(['a#7']) });
    expect([...chosen]).toEqual(['a#7']);
  });

  it('is a granularity option: a positive integer, named in the granularity', () => {
    expect(createGranularity({ type: 'structured', roundTo: 8 })).toMatchObject({ name: 'structured, roundTo 8', roundTo: 8 });
    expect(createGranularity({ type: 'structured', roundTo: 1 }).name).toBe('structured');
    expect(() => createGranularity({ type: 'structured', roundTo: 2.5 })).toThrow('structured roundTo must be a positive integer (got 2.5)');
  });
});
