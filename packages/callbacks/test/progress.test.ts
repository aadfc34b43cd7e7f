import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { fitProgress, type PruningLogRecord, pruningLog } from '@tfjs-prune/callbacks/node';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that keeps what is written, and a clock that advances 700 ms per reading. */
function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (text: string) => void writes.push(text) }, writes };
}
const steadyClock = () => {
  let t = 0;
  return () => (t += 700);
};

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

describe('fitProgress and pruningLog', () => {
  const owned: { dispose(): void }[] = [];
  afterEach(() => owned.splice(0).forEach((o) => o.dispose()));

  function setup(epoch = 0) {
    const model = tinyMlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { x, y } = tinyData(16);
    const pruning = new PruningCallback({ pruners: [{ layers: { include: ['hidden1'] }, schedule: { type: 'one-shot', sparsity: 0.5, epoch } }] });
    owned.push(model, x, y, { dispose: () => pruning.strip() });
    return { model, x, y, pruning };
  }

  it('not a terminal: exactly one line per epoch (loss, metrics, sparsity, duration)', async () => {
    const { model, x, y, pruning } = setup();
    const { stream, writes } = recorder(false);
    const progress = fitProgress({ pruning, stream, now: steadyClock() });
    // Before the pruning callback: sparsity is read from the masks, which every step enforces.
    const history = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [progress, pruning] });
    const { loss, acc } = history.history as Record<string, number[]>;
    expect(writes).toStrictEqual([
      `epoch 1/2  loss ${loss![0]!.toFixed(4)}  acc ${percent(acc![0]!)}  sparsity 50.0%  0.7 s\n`,
      `epoch 2/2  loss ${loss![1]!.toFixed(4)}  acc ${percent(acc![1]!)}  sparsity 50.0%  0.7 s\n`,
    ]);
  });

  it('a terminal: a live line redrawn per batch, kept as the summary at the epoch end', async () => {
    const { model, x, y, pruning } = setup(1);
    const { stream, writes } = recorder(true);
    const batchLosses: number[] = [];
    const record = new tfl.CustomCallback({ onBatchEnd: async (_batch, logs) => void batchLosses.push(logs!['loss']!) });
    const history = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning, record, fitProgress({ pruning, stream, now: steadyClock() })] });
    const { loss, acc } = history.history as Record<string, number[]>;
    expect(writes).toHaveLength(6);
    // Batch accuracies are per batch (not in history), so only their shape is checked.
    expect(writes.map((w) => w.replace(/acc \d+\.\d\d%/, 'acc N'))).toStrictEqual([
      `\r\x1b[2Kepoch 1/2 [##########----------] batch 1/2  loss ${batchLosses[0]!.toFixed(4)}  acc N`,
      `\r\x1b[2Kepoch 1/2 [####################] batch 2/2  loss ${batchLosses[1]!.toFixed(4)}  acc N`,
      `\r\x1b[2Kepoch 1/2  loss ${loss![0]!.toFixed(4)}  acc ${percent(acc![0]!)}  sparsity 0.0%  0.7 s\n`.replace(/acc \d+\.\d\d%/, 'acc N'),
      `\r\x1b[2Kepoch 2/2 [##########----------] batch 1/2  loss ${batchLosses[2]!.toFixed(4)}  acc N  sparsity 0.0%`,
      `\r\x1b[2Kepoch 2/2 [####################] batch 2/2  loss ${batchLosses[3]!.toFixed(4)}  acc N  sparsity 0.0%`,
      `\r\x1b[2Kepoch 2/2  loss ${loss![1]!.toFixed(4)}  acc ${percent(acc![1]!)}  sparsity 50.0%  0.7 s\n`.replace(/acc \d+\.\d\d%/, 'acc N'),
    ]);
  });

  it('pruningLog: one JSON line per mask update and per epoch, parsed back exactly', async () => {
    const { model, x, y, pruning } = setup(1);
    const path = join(dir, 'pruning.jsonl');
    const log = pruningLog(path, pruning);
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning, log] });
    const { loss, acc } = history.history as Record<string, number[]>;
    const records = readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as PruningLogRecord);
    expect(records).toStrictEqual([
      { type: 'epoch', epoch: 0, logs: { loss: loss![0], acc: acc![0] }, sparsity: 0, pruners: { 'pruner-0': { target: 0, sparsity: 0, weights: { 'hidden1/kernel': 0 } } } },
      { type: 'maskUpdate', epoch: 1, pruner: 'pruner-0', target: 0.5, weights: { 'hidden1/kernel': 0.5 } },
      { type: 'epoch', epoch: 1, logs: { loss: loss![1], acc: acc![1] }, sparsity: 0.5, pruners: { 'pruner-0': { target: 0.5, sparsity: 0.5, weights: { 'hidden1/kernel': 0.5 } } } },
    ]);
    // The optimizer's iteration counter is the only tensor fit leaves behind.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1);
  });
});
