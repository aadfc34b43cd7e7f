import type * as tfl from '@tensorflow/tfjs-layers';

import type { ChannelFamily, SensitivityResult } from '@tfjs-prune/core';
import { allocateChannels } from '@tfjs-prune/core/internal';
import type { PrunerConfig, SparsityConfig } from '@tfjs-prune/schedules';

/** Channels pruned per family, chosen from a sensitivity table for a MAC budget. */
export interface SensitivityBudget {
  /** Channels pruned, by family name; families left dense are absent. */
  readonly pruned: ReadonlyMap<string, number>;
  /** The compacted model's MACs with those channels removed (exact: the budget's own counting). */
  readonly macs: number;
  readonly target: number;
}

/**
 * A MAC budget spent where the sensitivity table says accuracy suffers least: every family starts
 * dense; its next step is its next measured sparsity, costing the accuracy lost (against the
 * previous step) per MAC it frees, both exact for the current choice. The cheapest step anywhere
 * is taken until the model fits `keep` of its dense MACs; the last step is then shortened to the
 * fewest channels that still fit. A compacted model's MACs depend on how many channels each
 * family loses, not which, so the count is exact whatever the ranking. Families of one channel
 * (not measured) stay whole; if every family's last measured step is taken and the model still
 * does not fit, `macs` says how far it got.
 */
export function sensitivityBudget(model: tfl.LayersModel, families: readonly ChannelFamily[], table: SensitivityResult, keep: number): SensitivityBudget {
  const byName = new Map(families.map((f) => [f.name, f]));
  const steps = new Map<string, { pruned: number; loss: number }[]>();
  for (const row of table.rows) {
    const list = steps.get(row.family) ?? [];
    list.push({ pruned: row.pruned, loss: table.baseline - row.metric });
    steps.set(row.family, list);
  }
  for (const list of steps.values()) list.sort((a, b) => a.pruned - b.pruned);
  const scores = new Map(families.flatMap((f) => f.groups.map((g) => [g.id, g.index] as const)));
  const macsWith = (pruned: ReadonlyMap<string, number>): number => {
    const alreadyPruned = new Set([...pruned].flatMap(([name, count]) => byName.get(name)!.groups.slice(0, count).map((g) => g.id)));
    return allocateChannels(model, families, scores, { metric: 'macs', keep: 1, alreadyPruned }).achieved;
  };
  const dense = macsWith(new Map());
  const target = keep * dense;
  const pruned = new Map<string, number>();
  let macs = dense;
  let last: { family: string; from: number } | undefined;
  while (macs > target) {
    let best: { family: string; perMac: number; pruned: number; macs: number } | undefined;
    for (const [family, list] of steps) {
      // Until the last step is shortened, a family's count is one of its measured steps (or 0).
      const current = pruned.get(family) ?? 0;
      const step = list.find((s) => s.pruned > current);
      if (step === undefined) continue;
      const previous = current === 0 ? 0 : list.find((s) => s.pruned === current)!.loss;
      const after = macsWith(new Map([...pruned, [family, step.pruned]]));
      const perMac = (step.loss - previous) / (macs - after);
      if (best === undefined || perMac < best.perMac) best = { family, perMac, pruned: step.pruned, macs: after };
    }
    if (best === undefined) break;
    const { family, pruned: count } = best;
    last = { family, from: pruned.get(family) ?? 0 };
    pruned.set(family, count);
    macs = best.macs;
  }
  if (last !== undefined && macs <= target) {
    // Shorten the last step: the fewest channels of it that still fit (MACs fall as channels go).
    let [low, high] = [last.from + 1, pruned.get(last.family)!];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (macsWith(new Map([...pruned, [last.family, middle]])) <= target) high = middle;
      else low = middle + 1;
    }
    pruned.set(last.family, low);
    macs = macsWith(pruned);
  }
  return { pruned, macs, target };
}

/**
 * The budget as a config a user could write: one structured pruner per pruned family, over its
 * producer layers, magnitude with the l2 norm (as the table was measured), its sparsity the
 * channels chosen over the family's channels, on `schedule`.
 */
export function sensitivityBudgetConfig(families: readonly ChannelFamily[], budget: SensitivityBudget, schedule: { startEpoch: number; endEpoch: number }): SparsityConfig {
  const pruners: PrunerConfig[] = families
    .filter((f) => (budget.pruned.get(f.name) ?? 0) > 0)
    .map((f) => ({
      name: f.name,
      layers: { include: [...f.producers] },
      criterion: 'magnitude',
      granularity: { type: 'structured', norm: 'l2' },
      schedule: { type: 'polynomial-decay', finalSparsity: budget.pruned.get(f.name)! / f.groups.length, ...schedule },
    }));
  return { pruners };
}
