import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { PruningState, PruningStateInput } from '../state/pruning-state.js';
import type { Binding } from './model-binding.js';
import { setAccumulating } from './runtime-pruner.js';

/**
 * Each pruner's progress and copies of every mask, gradient accumulator and rewind snapshot.
 * The caller owns the tensors.
 */
export function exportState(binding: Binding, epoch: number | null, steps: number): PruningState {
  const tensors = binding.store.stateTensors();
  for (const p of binding.pruners) {
    for (const [key, t] of p.accumulator?.stateTensors() ?? []) tensors.set(key, t);
    for (const [key, t] of p.snapshot?.stateTensors() ?? []) tensors.set(key, t);
  }
  return {
    epoch,
    pruners: binding.pruners.map((p) => ({
      name: p.name,
      appliedSparsity: p.appliedSparsity,
      updates: p.updates,
      gradientSteps: p.accumulator?.stepsSinceUpdate ?? 0,
      steps,
    })),
    tensors,
  };
}

/**
 * Restores an exported state into `binding`; returns the epoch and the step count it was taken
 * at. Refuses, before touching anything, a state whose pruners are not this config's (by name).
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
  binding.store.restoreState(state.tensors);
  const epoch = state.epoch ?? null;
  // Every pruner records the engine's one clock; states written before step schedules have none.
  const steps = Math.max(0, ...state.pruners.map((p) => p.steps ?? 0));
  for (const p of binding.pruners) {
    const saved = state.pruners.find((s) => s.name === p.name);
    p.appliedSparsity = saved?.appliedSparsity ?? 0;
    p.updates = saved?.updates ?? 0;
    p.snapshot?.restoreState(state.tensors);
    // The update at lastUpdate still reads the accumulator; the next epoch begin (or step) stops it after that.
    setAccumulating(p, (p.unit === 'step' ? steps : (epoch ?? -1) + 1) <= p.lastUpdate);
    p.accumulator?.restoreState(state.tensors, saved?.gradientSteps ?? 0);
  }
  return { epoch, steps };
}
