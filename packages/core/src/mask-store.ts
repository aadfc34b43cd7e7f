import * as tf from '@tensorflow/tfjs-core';

import type { PrunableWeight } from './prunable-weights.js';

/**
 * Owns every mask tensor and is the only place that writes masks into weights.
 *
 * Masks are stored as `bool` tensors (1 byte per weight, a quarter of the float32 weights they
 * guard) and cast to float32 for the multiply at each step: measured on wasm for a 784×300
 * kernel, cast+mul costs 0.20 ms against 0.14 ms for a cached float mask, while a cached float
 * mask would cost as much memory as the weights themselves.
 */
export class MaskStore {
  private readonly masks = new Map<PrunableWeight, tf.Tensor | null>();
  // Counted once per mask update so per-epoch sparsity needs no read-back from the backend.
  private readonly prunedCounts = new Map<PrunableWeight, number>();
  private disposed = false;

  constructor(targets: readonly PrunableWeight[]) {
    for (const target of targets) {
      if (this.masks.has(target)) throw new Error(`weight "${target.path}/${target.weight}" registered twice`);
      this.masks.set(target, null);
    }
  }

  get targets(): PrunableWeight[] {
    return [...this.masks.keys()];
  }

  has(target: PrunableWeight): boolean {
    return this.masks.has(target);
  }

  /** The current keep-mask (1 keep, 0 pruned), or undefined while the weight is dense. */
  keepMask(target: PrunableWeight): Uint8Array | undefined {
    const mask = this.entry(target);
    return mask === null ? undefined : Uint8Array.from(mask.dataSync() as Uint8Array);
  }

  /** How many entries of `target` are masked (0 while dense). */
  prunedCount(target: PrunableWeight): number {
    this.entry(target);
    return this.prunedCounts.get(target) ?? 0;
  }

  /** Replaces the mask of `target` and zeroes the pruned weights right away. */
  setMask(target: PrunableWeight, keep: Uint8Array): void {
    const old = this.entry(target);
    if (keep.length !== target.size) {
      throw new RangeError(`mask for "${target.path}/${target.weight}" has ${keep.length} entries, the weight has ${target.size}`);
    }
    let pruned = 0;
    for (let i = 0; i < keep.length; i++) if (keep[i] === 0) pruned++;
    const mask = pruned === 0 ? null : tf.tensor(keep, [...target.shape], 'bool');
    old?.dispose();
    this.masks.set(target, mask);
    this.prunedCounts.set(target, pruned);
    if (mask !== null) applyMask(target, mask, { positiveZeros: true });
  }

  /** Multiplies every masked weight by its mask; called after each optimizer step. */
  apply(): void {
    if (this.disposed) return;
    for (const [target, mask] of this.masks) if (mask !== null) applyMask(target, mask);
  }

  /**
   * Masks and turns the -0 that the per-step multiply leaves (negative weight × 0) into +0.
   * Both compare equal, but -0 has a different bit pattern and would defeat gzip on the saved
   * weights; doing it here, at epoch and training ends, keeps the per-step cost to one multiply.
   */
  applyWithPositiveZeros(): void {
    if (this.disposed) return;
    for (const [target, mask] of this.masks) if (mask !== null) applyMask(target, mask, { positiveZeros: true });
  }

  /** Bytes held by mask tensors. */
  get bytes(): number {
    let bytes = 0;
    for (const mask of this.masks.values()) if (mask !== null) bytes += mask.size;
    return bytes;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    for (const mask of this.masks.values()) mask?.dispose();
    for (const target of this.masks.keys()) this.masks.set(target, null);
    this.disposed = true;
  }

  private entry(target: PrunableWeight): tf.Tensor | null {
    if (this.disposed) throw new Error('this MaskStore has been disposed');
    const mask = this.masks.get(target);
    if (mask === undefined) throw new Error(`weight "${target.path}/${target.weight}" is not in this MaskStore`);
    return mask;
  }
}

function applyMask(target: PrunableWeight, mask: tf.Tensor, { positiveZeros = false } = {}): void {
  // A disposed model has nothing left to mask; stripping after model.dispose() must not throw.
  if (target.variable.isDisposed) return;
  tf.tidy(() => {
    const masked = tf.mul(target.variable, tf.cast(mask, 'float32'));
    // x + 0 is x for every x except -0, which becomes +0.
    target.variable.assign(positiveZeros ? tf.add(masked, tf.scalar(0)) : masked);
  });
}
