import * as tf from '@tensorflow/tfjs-core';

import { PruningStateError } from './errors/pruning-state-error.js';
import type { MaskStore } from './mask-store.js';
import type { PrunableWeight } from './prunable-weights.js';
import { stateKey, stateTensor } from './state-keys.js';

/**
 * Saved weight values to rewind to after a mask update (Frankle & Carbin 2019, "The Lottery
 * Ticket Hypothesis"; Frankle et al. 2019 rewind to an early epoch instead of initialization).
 * Holds one float32 copy per target, so it doubles their memory while it lives.
 */
export class RewindSnapshot {
  private values: Map<PrunableWeight, tf.Tensor> | undefined;

  constructor(readonly targets: readonly PrunableWeight[]) {}

  get captured(): boolean {
    return this.values !== undefined;
  }

  /** Copies the targets' current values, replacing an earlier capture. */
  capture(): void {
    this.dispose();
    this.values = new Map(this.targets.map((target) => [target, tf.clone(target.variable)]));
  }

  /** Every target ← snapshot ⊙ its current mask: the surviving weights get their saved values back. */
  rewind(store: MaskStore): void {
    if (this.values === undefined) throw new PruningStateError('NO_SNAPSHOT', 'nothing to rewind to: no snapshot has been captured');
    for (const [target, value] of this.values) store.assignMasked(target, value);
  }

  /** Copies of the snapshot, keyed `rewind/<path>/<weight>` (empty before a capture); the caller owns them. */
  stateTensors(): Map<string, tf.Tensor> {
    return new Map([...(this.values ?? [])].map(([target, value]) => [stateKey('rewind', target), tf.clone(value)]));
  }

  /**
   * Restores the snapshot from `tensors`; with no `rewind/` key for any target it stays (or
   * becomes) uncaptured. The caller keeps ownership of `tensors`.
   */
  restoreState(tensors: ReadonlyMap<string, tf.Tensor>): void {
    const saved = this.targets.map((target) => stateTensor(tensors, stateKey('rewind', target), target.shape));
    this.dispose();
    if (saved.every((t) => t === undefined)) return;
    const missing = this.targets.find((_, i) => saved[i] === undefined);
    if (missing !== undefined) {
      throw new PruningStateError('STATE_INCOMPLETE', `pruning state has no "${stateKey('rewind', missing)}" while it has other rewind snapshots`);
    }
    this.values = new Map(this.targets.map((target, i) => [target, tf.clone(saved[i] as tf.Tensor)]));
  }

  dispose(): void {
    for (const value of this.values?.values() ?? []) value.dispose();
    this.values = undefined;
  }
}
