import { appendFileSync, writeFileSync } from 'node:fs';

import * as tfl from '@tensorflow/tfjs-layers';

import type { MaskUpdateEvent } from '../pruning-events.js';
import type { PruningReport } from '../pruning-report.js';
import { prunedFraction, type PruningSource } from './pruning-source.js';
import { resolveLogs } from './resolve-logs.js';

/** One line of the log per mask update: what each weight of one pruner became. */
export interface MaskUpdateRecord {
  readonly type: 'maskUpdate';
  readonly epoch: number;
  readonly pruner: string;
  /** The sparsity the schedule asked for. */
  readonly target: number;
  /** Sparsity of each weight once updated, by `path/weight` (`dense_1/kernel`). */
  readonly weights: Readonly<Record<string, number>>;
}

/** One line of the log per epoch: tfjs's logs and every pruner's state at the epoch's end. */
export interface EpochRecord {
  readonly type: 'epoch';
  readonly epoch: number;
  /** `loss` and every metric tfjs logged (`acc`, `val_loss`, ...). */
  readonly logs: Readonly<Record<string, number>>;
  /** Fraction of all pruned weights that is masked. */
  readonly sparsity: number;
  readonly pruners: Readonly<Record<string, { readonly target: number; readonly sparsity: number; readonly weights: Readonly<Record<string, number>> }>>;
}

export type PruningLogRecord = MaskUpdateRecord | EpochRecord;

/**
 * A JSON Lines log of pruning, TFMOT's `PruningSummaries` for any plot script: one
 * {@link MaskUpdateRecord} per mask update and one {@link EpochRecord} per epoch, appended to
 * `path` as they happen (the file is emptied when the logger is made, and survives a crash up to
 * the last line). One logger follows one `PruningCallback` across several `fit` calls.
 *
 * ```ts
 * const log = pruningLog('pruning.jsonl', pruning);
 * await model.fit(x, y, { epochs: 10, callbacks: [pruning, log] });
 * // each line: JSON.parse(line) as PruningLogRecord
 * ```
 */
export class PruningLog extends tfl.Callback {
  constructor(
    readonly path: string,
    private readonly pruning: PruningSource,
  ) {
    super();
    writeFileSync(path, '');
    pruning.on('maskUpdate', (event) => this.write(maskUpdateRecord(event)));
  }

  override async onEpochEnd(epoch: number, logs?: tfl.Logs): Promise<void> {
    this.write(epochRecord(epoch, await resolveLogs(logs), this.pruning.report()));
  }

  private write(record: PruningLogRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}

/** Factory twin of `new PruningLog(path, pruning)`. */
export function pruningLog(path: string, pruning: PruningSource): PruningLog {
  return new PruningLog(path, pruning);
}

function maskUpdateRecord(event: MaskUpdateEvent): MaskUpdateRecord {
  return {
    type: 'maskUpdate',
    epoch: event.epoch,
    pruner: event.pruner,
    target: event.targetSparsity,
    weights: Object.fromEntries(event.targets.map((t) => [`${t.path}/${t.weight}`, t.sparsity])),
  };
}

function epochRecord(epoch: number, logs: Record<string, number>, report: PruningReport): EpochRecord {
  return {
    type: 'epoch',
    epoch,
    logs,
    sparsity: prunedFraction(report),
    pruners: Object.fromEntries(
      report.pruners.map((p) => [
        p.name,
        { target: p.targetSparsity, sparsity: p.sparsity, weights: Object.fromEntries(p.targets.map((t) => [`${t.path}/${t.weight}`, t.sparsity])) },
      ]),
    ),
  };
}
