import { formatPercent } from '@tfjs-prune/core/internal';

/** `epoch 2/10`, the epoch number padded to the width of the total so lines align. */
export function epochLabel(epoch: number, epochs: number | undefined): string {
  if (epochs === undefined) return `epoch ${epoch + 1}`;
  return `epoch ${String(epoch + 1).padStart(String(epochs).length)}/${epochs}`;
}

/**
 * `loss 0.6931  acc 50.00%  val_loss 0.7012`: every value of tfjs's logs, loss first, accuracies
 * (keys ending in `acc` or `accuracy`) as percentages, the rest with four decimals. A batch's
 * `batch` and `size` entries are positions, not measurements, and are left out.
 */
export function formatLogs(logs: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(logs).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys
    .filter((key) => typeof logs[key] === 'number' && key !== 'batch' && key !== 'size')
    .map((key) => {
      const value = logs[key] as number;
      return /(^|_)(acc|accuracy)$/.test(key) ? `${key} ${formatPercent(value, 2)}` : `${key} ${value.toFixed(4)}`;
    })
    .join('  ');
}

/** loss, then the training metrics, then the validation ones. */
function rank(key: string): number {
  if (key === 'loss') return 0;
  if (key === 'val_loss') return 2;
  return key.startsWith('val_') ? 3 : 1;
}
