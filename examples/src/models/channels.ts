/**
 * The number of channels a layer of `full` channels keeps when a network is built at `fraction`
 * of its width: rounded, never below one (a layer with no channels has no output). Builders
 * apply it to every prunable channel group, so a narrowed copy has the shapes that compacting a
 * channel-pruned model at that fraction gives.
 */
export function keptChannels(full: number, fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`channel fraction must be in (0, 1] (got ${fraction})`);
  return Math.max(1, Math.round(full * fraction));
}

/** Options every MNIST CNN builder takes. */
export interface CnnOptions {
  /** Fraction of the channels of every prunable group to build with. Defaults to 1 (the dense net). */
  readonly channels?: number;
  /** Adam's learning rate. Defaults to 1e-3. */
  readonly learningRate?: number;
}
