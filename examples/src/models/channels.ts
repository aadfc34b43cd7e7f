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

/**
 * Momentum of the CNNs' BatchNormalization moving statistics. Keras's 0.99 needs thousands of
 * steps to forget the initial variance of 1, and these nets train for 60 to 750: measured, a
 * MobileNetV2-style net at 80% training accuracy predicted one class for every test digit,
 * because its depthwise outputs (variance about 0.03) were still divided by moving variances
 * near 1. 0.9 (PyTorch's default, momentum 0.1 there) settles within about 50 steps.
 */
export const BATCH_NORM_MOMENTUM = 0.9;
