import type { SensitivityResult } from './adapters/core.js';

/** The sparsity chosen for one family, among the measured ones (0: left dense). */
export interface FamilyAllocation {
  readonly family: string;
  readonly channels: number;
  readonly sparsity: number;
  /** Channels pruned at that sparsity, as measured. */
  readonly pruned: number;
  /** The metric measured at that sparsity (the baseline for 0). */
  readonly metric: number;
}

export interface SensitivityAllocation {
  readonly families: readonly FamilyAllocation[];
  readonly pruned: number;
  readonly channels: number;
  /** False when every family reached its largest measured sparsity short of the target. */
  readonly reached: boolean;
}

/**
 * Per-family sparsities for an overall channel sparsity `target`, from the measurements alone.
 * Every family starts dense; a family's next step is its next measured sparsity that prunes more
 * channels, and it costs the metric lost between the two (negative when pruning helped) per
 * channel it removes.
 * Greedily, the cheapest step anywhere is taken (ties: the family listed first), until the
 * pruned channels reach `target` of all the families' channels; if undoing that last step
 * lands closer to the target, it is undone. Steps are taken in order, so a family reaches 75%
 * only through 25% and 50%. With no step left the target is out of reach: the result says
 * how far it got.
 */
export function allocateBySensitivity(result: SensitivityResult, target: number, higherIsBetter: boolean): SensitivityAllocation {
  const loss = (metric: number) => (higherIsBetter ? result.baseline - metric : metric - result.baseline);
  const families = new Map<string, { channels: number; steps: { sparsity: number; pruned: number; metric: number }[] }>();
  for (const row of result.rows) {
    const entry = families.get(row.family) ?? { channels: row.channels, steps: [] };
    entry.steps.push({ sparsity: row.sparsity, pruned: row.pruned, metric: row.metric });
    families.set(row.family, entry);
  }
  for (const entry of families.values()) entry.steps.sort((a, b) => a.sparsity - b.sparsity);
  const names = [...families.keys()];
  const level = new Map(names.map((name) => [name, 0]));
  const channels = [...families.values()].reduce((sum, f) => sum + f.channels, 0);
  const goal = target * channels;
  let pruned = 0;
  let last: { name: string; removed: number; level: number } | undefined;
  let reached = true;
  while (pruned < goal) {
    let best: { name: string; perChannel: number; removed: number; level: number } | undefined;
    for (const name of names) {
      const { steps } = families.get(name)!;
      const at = level.get(name)!;
      const previous = steps[at - 1];
      const before = previous?.pruned ?? 0;
      // A sparsity that rounds to no more channels than the one before is no step: skip past it,
      // so a family never gets a higher sparsity than the channels it loses call for.
      const next = steps.findIndex((step, i) => i >= at && step.pruned > before);
      if (next === -1) continue;
      const step = steps[next]!;
      const removed = step.pruned - before;
      const perChannel = (loss(step.metric) - (previous === undefined ? 0 : loss(previous.metric))) / removed;
      if (best === undefined || perChannel < best.perChannel) best = { name, perChannel, removed, level: next + 1 };
    }
    if (best === undefined) {
      reached = false;
      break;
    }
    last = { name: best.name, removed: best.removed, level: level.get(best.name)! };
    level.set(best.name, best.level);
    pruned += best.removed;
  }
  if (last !== undefined && pruned >= goal && goal - (pruned - last.removed) < pruned - goal) {
    level.set(last.name, last.level);
    pruned -= last.removed;
  }
  return {
    families: names.map((name) => {
      const { channels: width, steps } = families.get(name)!;
      const step = steps[level.get(name)! - 1];
      return { family: name, channels: width, sparsity: step?.sparsity ?? 0, pruned: step?.pruned ?? 0, metric: step?.metric ?? result.baseline };
    }),
    pruned,
    channels,
    reached,
  };
}
