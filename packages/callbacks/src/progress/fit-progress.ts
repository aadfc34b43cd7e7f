import * as tfl from '@tensorflow/tfjs-layers';
import { formatPercent } from '@tfjs-prune/core/internal';

import { epochLabel, formatLogs } from './epoch-line.js';
import { prunedFraction, type PruningSource } from './pruning-source.js';
import { resolveLogs } from './resolve-logs.js';

/** Where progress goes: `process.stderr` or anything with `write` (a test's recorder). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface FitProgressArgs {
  /** The `PruningCallback` (or engine) whose sparsity each line shows. Defaults to none: no sparsity column. */
  pruning?: PruningSource;
  /** Defaults to `process.stderr`, so progress never mixes into results a script prints on stdout. */
  stream?: ProgressStream;
  /**
   * `true`: one line redrawn after every batch (a bar, the batch, the running loss), kept as the
   * epoch's summary at its end. `false`: only the summary, one line per epoch, as CI logs want.
   * Defaults to whether `stream` is a terminal.
   */
  live?: boolean;
  /** Milliseconds, for each epoch's duration. Defaults to `performance.now`. */
  now?: () => number;
}

const BAR_WIDTH = 20;

/**
 * Progress of `model.fit` in Node, where `verbose: 1` prints nothing without tfjs-node: per epoch
 * `epoch 2/10  loss 0.3012  acc 91.25%  sparsity 42.0%  1.8 s`, and on a terminal a live line
 * per batch. A `tf.Callback`, so it goes anywhere in `callbacks`.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [pruning, fitProgress({ pruning })] });
 * ```
 */
export class FitProgress extends tfl.Callback {
  private readonly pruning: PruningSource | undefined;
  private readonly stream: ProgressStream;
  private readonly live: boolean;
  private readonly now: () => number;
  /** The epoch of the batches being drawn: tfjs passes none to onBatchEnd. */
  private epoch = 0;
  private epochStart = 0;
  private batches = 0;
  private sparsity: number | undefined;

  constructor(args: FitProgressArgs = {}) {
    super();
    this.pruning = args.pruning;
    this.stream = args.stream ?? process.stderr;
    this.live = args.live ?? this.stream.isTTY === true;
    this.now = args.now ?? (() => performance.now());
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    this.epochStart = this.now();
    this.batches = 0;
  }

  override async onBatchEnd(_batch: number, logs?: tfl.Logs): Promise<void> {
    this.batches++;
    if (!this.live) return;
    const total = this.batchesPerEpoch();
    const bar = total === undefined ? '' : ` [${'#'.repeat(Math.round((BAR_WIDTH * Math.min(this.batches, total)) / total)).padEnd(BAR_WIDTH, '-')}]`;
    const parts = [`${epochLabel(this.epoch, this.epochs())}${bar} batch ${this.batches}${total === undefined ? '' : `/${total}`}`, formatLogs(await resolveLogs(logs))];
    if (this.sparsity !== undefined) parts.push(`sparsity ${formatPercent(this.sparsity)}`);
    this.stream.write(`\r\x1b[2K${parts.filter((p) => p !== '').join('  ')}`);
  }

  override async onEpochEnd(epoch: number, logs?: tfl.Logs): Promise<void> {
    // Masks are enforced after every optimizer step, so the weights are as pruned as they get.
    if (this.pruning !== undefined) this.sparsity = prunedFraction(this.pruning.report());
    const parts = [epochLabel(epoch, this.epochs()), formatLogs(await resolveLogs(logs))];
    if (this.sparsity !== undefined) parts.push(`sparsity ${formatPercent(this.sparsity)}`);
    parts.push(`${((this.now() - this.epochStart) / 1000).toFixed(1)} s`);
    this.stream.write(`${this.live ? '\r\x1b[2K' : ''}${parts.filter((p) => p !== '').join('  ')}\n`);
  }

  private epochs(): number | undefined {
    const epochs = this.params?.['epochs'];
    return typeof epochs === 'number' ? epochs : undefined;
  }

  private batchesPerEpoch(): number | undefined {
    const { steps, samples, batchSize } = (this.params ?? {}) as Record<string, unknown>;
    if (typeof steps === 'number') return steps;
    if (typeof samples === 'number' && typeof batchSize === 'number' && batchSize > 0) return Math.ceil(samples / batchSize);
    return undefined;
  }
}

/** Factory twin of `new FitProgress(args)`, in the style of tfjs's `earlyStopping`. */
export function fitProgress(args?: FitProgressArgs): FitProgress {
  return new FitProgress(args);
}
