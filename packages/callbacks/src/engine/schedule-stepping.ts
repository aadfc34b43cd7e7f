import type { MaskStore } from '@tfjs-prune/core';
import type { ScheduleUnit } from '@tfjs-prune/schedules';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { MaskUpdateEvent } from '../pruning-events.js';
import { type ActivePruner, setAccumulating } from './runtime-pruner.js';
import { budgetAt } from './budget-binding.js';
import { latencySupport } from './latency-support.js';
import { updateMasksTogether } from './update-together.js';

/** Where a mask update happens on the schedules' clocks. */
export interface UpdateTime {
  readonly epoch: number;
  /** The optimizer step the update runs in, for schedules counted in steps. */
  readonly step?: number | undefined;
}

/**
 * The pruners counted in `unit` whose masks are recomputed at `index` (an epoch or a step).
 * With `resuming` (the first epoch of a fit, the first step after one starts or after
 * `importState`), a pruner whose masks lag behind `sparsityAt(index)` is caught up even off an
 * update, so a fit that starts at `initialEpoch` continues the schedule instead of restarting it.
 */
export function duePruners(pruners: readonly ActivePruner[], unit: ScheduleUnit, index: number, resuming: boolean): ActivePruner[] {
  return pruners.filter(
    (p) => p.unit === unit && (p.schedule.updatesAt(index) || (resuming && p.schedule.sparsityAt(index) !== p.appliedSparsity)),
  );
}

/**
 * Recomputes the masks of `due` at `epoch`, all of them or none, then moves each pruner on:
 * its accumulator restarts, its counters advance, a rewinding pruner rewinds. Returns the
 * events to emit, in pruner order.
 */
export function updateDueMasks(store: MaskStore, due: readonly ActivePruner[], time: UpdateTime): MaskUpdateEvent[] {
  for (const pruner of due) {
    if (pruner.rewind !== undefined && pruner.snapshot?.captured !== true) {
      throw new PruningEngineError(
        'NO_REWIND_SNAPSHOT',
        `pruner "${pruner.name}" rewinds to ${pruner.rewind.target}, but no snapshot was taken ` +
          '(a resumed fit without importState?): restore the pruning state, or set rewind to "none"',
      );
    }
  }
  const targets = due.map((p) => p.schedule.sparsityAt(p.unit === 'step' ? (time.step ?? 0) : time.epoch));
  const results = updateMasksTogether(
    store,
    due.map((p, i) => ({
      targets: p.targets,
      channels: p.channels,
      options: {
        ...p.maskOptions,
        sparsity: targets[i] as number,
        statistics: p.accumulator?.statistics(),
        // A latency target exists only with @tfjs-prune/callbacks/budget, which registers the support.
        budget: p.budget && budgetAt(p.latency ? latencySupport()!.budget(p.budget, p.latency, p.name) : p.budget, targets[i] as number),
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
    const frozen = [...new Set(pruner.targets.filter((t) => t.frozen === true).map((t) => t.path))];
    return {
      epoch: time.epoch,
      ...(pruner.unit === 'step' ? { step: time.step ?? 0 } : {}),
      pruner: pruner.name,
      targetSparsity: target,
      targets: results[i]?.updates ?? [],
      ...(untouched.length > 0 ? { untouched } : {}),
      ...(frozen.length > 0 ? { frozen } : {}),
    };
  });
}

/**
 * Nothing reads gradients or snapshots after a pruner's last update: stop paying for them.
 * Only the pruners counted in `unit` are judged at `index`.
 */
export function releaseFinishedPruners(pruners: readonly ActivePruner[], unit: ScheduleUnit, index: number): void {
  for (const pruner of pruners) {
    if (pruner.unit !== unit) continue;
    setAccumulating(pruner, index < pruner.lastUpdate);
    if (index >= pruner.lastUpdate) pruner.snapshot?.dispose();
  }
}
