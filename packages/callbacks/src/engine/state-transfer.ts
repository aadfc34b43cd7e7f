import type * as tf from '@tensorflow/tfjs-core';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import { budgetRecords } from '../budget-records.js';
import { addSection, sectionOf, strayKey } from '../state/pruner-sections.js';
import type { PruningState, PruningStateInput } from '../state/pruning-state.js';
import type { Binding } from './model-binding.js';
import { setAccumulating } from './runtime-pruner.js';

/**
 * Each pruner's progress and copies of its masks, gradient accumulators and rewind snapshots,
 * under its own section of the keys. The caller owns the tensors.
 */
export function exportState(binding: Binding, epoch: number | null, steps: number): PruningState {
  const tensors = new Map<string, tf.Tensor>();
  binding.pruners.forEach((p, i) => {
    addSection(tensors, i, binding.store.stateTensors(p.targets));
    addSection(tensors, i, p.accumulator?.stateTensors() ?? new Map());
    addSection(tensors, i, p.snapshot?.stateTensors() ?? new Map());
  });
  return {
    epoch,
    pruners: binding.pruners.map((p) => ({
      name: p.name,
      appliedSparsity: p.appliedSparsity,
      updates: p.updates,
      gradientSteps: p.accumulator?.stepsSinceUpdate ?? 0,
      steps,
      ...budgetRecords()?.save(p),
    })),
    tensors,
  };
}

/**
 * Restores an exported state into `binding`; returns the epoch and the step count it was taken
 * at. Refuses, before touching anything, a state whose pruners are not this config's (by name),
 * and one whose keys are not in per-pruner sections (saved by an older version).
 */
export function importState(binding: Binding, state: PruningStateInput): { epoch: number | null; steps: number } {
  const names = binding.pruners.map((p) => p.name);
  const given = state.pruners.map((p) => p.name);
  if (names.length !== given.length || names.some((n) => !given.includes(n))) {
    throw new PruningEngineError(
      'STATE_MISMATCH',
      `the pruning state has pruners ${JSON.stringify(given)}, this config has ${JSON.stringify(names)}: ` +
        'a state can only be restored into the config it was saved with',
    );
  }
  const stray = strayKey(state.tensors, given.length);
  if (stray !== undefined) {
    throw new PruningEngineError(
      'STATE_MISMATCH',
      `the pruning state has a tensor "${stray}" outside the "pruners/<index>/" sections of its ${given.length} pruners: ` +
        'it was saved by an older tfjs-prune, whose state could give one pruner the mask of another, or it was edited; ' +
        'start again from the saved model weights',
    );
  }
  // A section per pruner, found by name: the state's pruner order need not be the config's.
  const sections = binding.pruners.map((p) => sectionOf(state.tensors, given.indexOf(p.name)));
  binding.store.commit(binding.pruners.flatMap((p, i) => binding.store.restorePlan(sections[i]!, p.targets)));
  const epoch = state.epoch ?? null;
  // Every pruner records the engine's one clock; states written before step schedules have none.
  const steps = Math.max(0, ...state.pruners.map((p) => p.steps ?? 0));
  binding.pruners.forEach((p, i) => {
    const saved = state.pruners.find((s) => s.name === p.name);
    const section = sections[i]!;
    p.appliedSparsity = saved?.appliedSparsity ?? 0;
    p.updates = saved?.updates ?? 0;
    budgetRecords()?.restore(p, saved);
    p.snapshot?.restoreState(section);
    // The update at lastUpdate still reads the accumulator; the next epoch begin (or step) stops it after that.
    setAccumulating(p, (p.unit === 'step' ? steps : (epoch ?? -1) + 1) <= p.lastUpdate);
    p.accumulator?.restoreState(section, saved?.gradientSteps ?? 0);
  });
  return { epoch, steps };
}
