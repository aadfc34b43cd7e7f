import * as tf from '@tensorflow/tfjs-core';

import type { GradientStatistic } from './criteria/criterion.js';
import { MaskError } from './errors/mask-error.js';
import type { GradientMap } from './optimizer-hook.js';
import type { PrunableWeight } from './prunable-weights.js';
import { stateKey, stateTensor } from './state-keys.js';

/**
 * Accumulates a gradient criterion's statistic on the device, one float32 per weight: at every
 * optimizer step (from `OptimizerHook`'s `beforeStep`, so weights are still pre-step) it adds
 * `statistic.term(w, g)` to a non-trainable variable per target. Nothing is read back until a
 * mask update asks for {@link statistics}.
 */
export class GradientAccumulator {
  private readonly sums = new Map<PrunableWeight, tf.Variable>();
  private steps = 0;
  private disposed = false;

  constructor(
    readonly targets: readonly PrunableWeight[],
    readonly statistic: GradientStatistic,
  ) {
    for (const target of targets) this.sums.set(target, tf.tidy(() => tf.variable(tf.zeros([...target.shape]), false)));
  }

  /**
   * Adds one step for every accumulator, all in a single `tf.tidy`. Targets with no gradient in
   * `gradients` (keyed by `variable.name`) are left as they are.
   */
  static accumulateAll(accumulators: readonly GradientAccumulator[], gradients: GradientMap): void {
    if (accumulators.length === 0) return;
    tf.tidy(() => {
      for (const accumulator of accumulators) accumulator.add(gradients);
    });
  }

  /** Adds one step; opens its own tidy. Prefer {@link accumulateAll} for several at once. */
  accumulate(gradients: GradientMap): void {
    tf.tidy(() => this.add(gradients));
  }

  /** Steps accumulated since the last {@link markUpdate} (or since creation). */
  get stepsSinceUpdate(): number {
    return this.steps;
  }

  /**
   * The statistic per target, read back: the mean over the steps since the last update for
   * `'mean-since-update'`, the running sum for `'sum-since-start'`.
   */
  statistics(): Map<PrunableWeight, Float32Array> {
    this.check();
    const divisor = this.statistic.window === 'mean-since-update' && this.steps > 0 ? this.steps : 1;
    const out = new Map<PrunableWeight, Float32Array>();
    for (const [target, sum] of this.sums) {
      const values = Float32Array.from(sum.dataSync() as Float32Array);
      if (divisor !== 1) for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / divisor;
      out.set(target, values);
    }
    return out;
  }

  /** A mask update used the statistic: mean windows start over, and the step count restarts. */
  markUpdate(): void {
    this.check();
    this.steps = 0;
    if (this.statistic.window !== 'mean-since-update') return;
    tf.tidy(() => {
      for (const sum of this.sums.values()) sum.assign(tf.zerosLike(sum));
    });
  }

  /** Copies of the running sums, keyed `acc/<path>/<weight>`; the caller owns them. */
  stateTensors(): Map<string, tf.Tensor> {
    this.check();
    return new Map([...this.sums].map(([target, sum]) => [stateKey('acc', target), tf.clone(sum)]));
  }

  /**
   * Restores the sums from `tensors` (missing keys: zeros) and the step count since the last
   * update. The caller keeps ownership of `tensors`.
   */
  restoreState(tensors: ReadonlyMap<string, tf.Tensor>, stepsSinceUpdate: number): void {
    this.check();
    for (const [target, sum] of this.sums) {
      const saved = stateTensor(tensors, stateKey('acc', target), target.shape);
      tf.tidy(() => sum.assign(saved === undefined ? tf.zerosLike(sum) : tf.cast(saved, 'float32')));
    }
    this.steps = stepsSinceUpdate;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    for (const sum of this.sums.values()) sum.dispose();
    this.disposed = true;
  }

  private add(gradients: GradientMap): void {
    this.check();
    for (const [target, sum] of this.sums) {
      const g = gradients.get(target.variable.name);
      if (g !== undefined) sum.assign(tf.add(sum, this.statistic.term(target.variable, g)));
    }
    this.steps++;
  }

  private check(): void {
    if (this.disposed) throw new MaskError('STORE_DISPOSED', 'this GradientAccumulator has been disposed');
  }
}
