import * as tfl from '@tensorflow/tfjs-layers';

import { formatPercent } from '@tfjs-prune/core/internal';

/**
 * One line per epoch: loss, accuracy, test accuracy, and (if given) the pruned sparsity.
 * tfjs's own verbose logger prints per-batch progress bars that drown a two-run comparison.
 */
export function epochProgress(
  label: string,
  epochs: number,
  log: (line: string) => void,
  sparsity?: () => number,
): tfl.CustomCallback {
  let started = 0;
  return new tfl.CustomCallback({
    onEpochBegin: async () => {
      started = performance.now();
    },
    onEpochEnd: async (epoch, logs = {}) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const parts = [
        `${label} epoch ${String(epoch + 1).padStart(String(epochs).length)}/${epochs}`,
        `loss ${num(logs.loss).toFixed(4)}`,
        `acc ${formatPercent(num(logs.acc), 2)}`,
        `test acc ${formatPercent(num(logs.val_acc), 2)}`,
      ];
      if (sparsity !== undefined) parts.push(`sparsity ${formatPercent(sparsity())}`);
      parts.push(`${seconds}s`);
      log(parts.join('  '));
    },
  });
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
