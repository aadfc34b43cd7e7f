import type { PruningConfigInput } from '@tfjs-prune/schedules';

/**
 * The pruning config of the compact benchmark: the filters of every Conv2D and the units of every
 * hidden Dense layer, l2 norm, each layer to `sparsity` of its channels (polynomial decay from
 * epoch 0 to the one before last, so the last epoch fine-tunes with the final masks). Today
 * `structured` ranks each layer's units on its own; once it prunes channel groups (issue 10), the
 * same config prunes whole groups. Depthwise kernels are not selected: their channels follow their
 * producer's.
 */
export function compactPruningConfig(sparsity: number, epochs: number): PruningConfigInput {
  if (epochs < 2) throw new RangeError(`the compact benchmark needs at least 2 epochs (got ${epochs})`);
  return {
    pruners: [
      {
        name: 'channels',
        layers: { classes: ['Conv2D', 'Dense'], exclude: ['logits'] },
        criterion: 'magnitude',
        granularity: { type: 'structured', norm: 'l2' },
        scope: 'layer',
        schedule: { type: 'polynomial-decay', finalSparsity: sparsity, startEpoch: 0, endEpoch: Math.max(1, epochs - 2) },
      },
    ],
  };
}
