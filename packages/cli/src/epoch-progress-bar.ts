import * as tfl from '@tensorflow/tfjs-layers';
import cliProgress from 'cli-progress';

import { formatPercent } from './adapters/core.js';
import type { Output } from './output.js';

/**
 * A progress bar per epoch on stderr (cli-progress) when stderr is a terminal; one summary line
 * per epoch otherwise, so CI logs get a readable record instead of carriage returns. Nothing
 * under --quiet.
 */
export function epochProgressBar(out: Output, epochs: number, batchesPerEpoch: number, sparsity: () => number): tfl.CustomCallback {
  const live = !out.quiet && process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let batches = 0;
  const label = (epoch: number) => `epoch ${String(epoch + 1).padStart(String(epochs).length)}/${epochs}`;
  return new tfl.CustomCallback({
    onEpochBegin: async (epoch) => {
      batches = 0;
      if (!live) return;
      bar = new cliProgress.SingleBar(
        { format: '{label} [{bar}] {value}/{total} batches | loss {loss} | sparsity {sparsity}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.legacy,
      );
      bar.start(batchesPerEpoch, 0, { label: label(epoch), loss: '-', sparsity: formatPercent(sparsity()) });
    },
    onBatchEnd: async (_batch, logs = {}) => {
      batches++;
      bar?.update(batches, { loss: number(logs['loss']).toFixed(4) });
    },
    onEpochEnd: async (epoch, logs = {}) => {
      const parts = [label(epoch), `loss ${number(logs['loss']).toFixed(4)}`];
      if (typeof logs['acc'] === 'number') parts.push(`acc ${formatPercent(logs['acc'], 2)}`);
      parts.push(`sparsity ${formatPercent(sparsity())}`);
      if (bar !== undefined) {
        bar.update(batches, { loss: number(logs['loss']).toFixed(4), sparsity: formatPercent(sparsity()) });
        bar.stop();
        bar = undefined;
      } else {
        out.info(parts.join('  '));
      }
    },
  });
}

function number(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
