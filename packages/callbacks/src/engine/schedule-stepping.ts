import type { MaskStore } from '@tfjs-prune/core';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { MaskUpdateEvent } from '../pruning-events.js';
import { type ActivePruner, setAccumulating } from './runtime-pruner.js';
import { budgetAt } from './budget-binding.js';
import { updateMasksTogether } from './update-together.js';

/**
 * The pruners whose masks are recomputed at `epoch`. With `resuming` (the first epoch of a
 * fit), a pruner whose masks lag behind `sparsityAt(epoch)` is caught up even off an update
 * epoch, so a fit that starts at `initialEpoch` continues the schedule instead of restarting it.
 */
export function duePruners(pruners: readonly ActivePruner[], epoch: number, resuming: boolean): ActivePruner[] {
  return pruners.filter((p) => p.schedule.updatesAt(epoch) || (resuming && p.schedule.sparsityAt(epoch) !== p.appliedSparsity));
}

/**
 * Recomputes the masks of `due` at `epoch`, all of them or none, then moves each pruner on:
 * its accumulator restarts, its counters advance, a rewinding pruner rewinds. Returns the
 * events to emit, in pruner order.
 */
export function updateDueMasks(store: MaskStore, due: readonly ActivePruner[], epoch: number): MaskUpdateEvent[] {
  for (const pruner of due) {
    if (pruner.rewind !== undefined && pruner.snapshot?.captured !== true) {
      throw new PruningEngineError(
        'NO_REWIND_SNAPSHOT',
        `pruner "${pruner.name}" rewinds to ${pruner.rewind.target}, but no snapshot was taken ` +
          '(a resumed fit without importState?): restore the pruning state, or set rewind to "none"',
      );
    }
  }
  const targets = due.map((p) => p.schedule.sparsityAt(epoch));
  const results = updateMasksTogether(
    store,
    due.map((p, i) => ({
      targets: p.targets,
      channels: p.channels,
      options: {
        ...p.maskOptions,
        sparsity: targets[i] as number,
        statistics: p.accumulator?.statistics(),
        budget: p.budget === undefined ? undefined : budgetAt(p.budget, targets[i] as number),
      },
    })),
  );
  return due.map((pruner, i) => {
    const target = targets[i] as number;
    pruner.accumulator?.markUpdate();
    pruner.allocation = results[i]?.allocation ?? pruner.allocation;
    pruner.appliedSparsity = target;
    pruner.updates++;
    pruner.snapshot?.rewind(store);
    const untouched = pruner.channels?.untouched ?? [];
    return { epoch, pruner: pruner.name, targetSparsity: target, targets: results[i]?.updates ?? [], ...(untouched.length > 0 ? { untouched } : {}) };
  });
}

/** Nothing reads gradients or snapshots after a pruner's last update: stop paying for them. */
export function releaseFinishedPruners(pruners: readonly ActivePruner[], epoch: number): void {
  for (const pruner of pruners) {
    setAccumulating(pruner, epoch < pruner.lastUpdate);
    if (epoch >= pruner.lastUpdate) pruner.snapshot?.dispose();
  }
}
