import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import { CheckpointError } from './checkpoint-error.js';
import type { PrunerProgress } from './checkpoint-format.js';
import { architectureOf, fingerprint, firstDifference } from './fingerprint.js';
import { readVerifiedCheckpoint } from './read-checkpoint.js';
import { writeCheckpoint } from './write-checkpoint.js';

export interface CheckpointArgs {
  /** Directory for checkpoints; created if missing. */
  readonly dir: string;
  /** Write after every N-th epoch (epochs N−1, 2N−1, ...). Defaults to 1. */
  readonly everyEpochs?: number;
  /** How many complete checkpoints to keep. Defaults to 2. */
  readonly keep?: number;
}

export interface PruningStateSource {
  readonly config: ResolvedPruningConfig;
  /** Copies of the pruning state; the writer disposes them. */
  exportState(): { pruners: readonly PrunerProgress[]; tensors: Map<string, tf.Tensor> };
}

/** Decides when to checkpoint and refuses to mix two trainings in one directory. */
export class CheckpointWriter {
  readonly dir: string;
  readonly everyEpochs: number;
  readonly keep: number;
  private checkedDirectory = false;

  constructor(args: CheckpointArgs) {
    if (typeof args.dir !== 'string' || args.dir === '') throw new TypeError('checkpoint.dir must be a non-empty path');
    const everyEpochs = args.everyEpochs ?? 1;
    const keep = args.keep ?? 2;
    if (!Number.isInteger(everyEpochs) || everyEpochs < 1) {
      throw new RangeError(`checkpoint.everyEpochs must be an integer ≥ 1 (got ${everyEpochs})`);
    }
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`checkpoint.keep must be an integer ≥ 1 (got ${keep})`);
    this.dir = args.dir;
    this.everyEpochs = everyEpochs;
    this.keep = keep;
  }

  async afterEpoch(epoch: number, model: tfl.LayersModel, source: PruningStateSource): Promise<void> {
    if ((epoch + 1) % this.everyEpochs !== 0) return;
    if (!this.checkedDirectory) {
      await this.refuseForeignCheckpoints(model, source.config);
      this.checkedDirectory = true;
    }
    const { pruners, tensors } = source.exportState();
    try {
      await writeCheckpoint(this.dir, { model, config: source.config, epoch, pruners, tensors }, { keep: this.keep });
    } finally {
      for (const tensor of tensors.values()) tensor.dispose();
    }
  }

  /**
   * A directory that already holds checkpoints of another config or model would end up with
   * two trainings' checkpoints in it, and a later resume would silently pick the wrong one.
   */
  private async refuseForeignCheckpoints(model: tfl.LayersModel, config: ResolvedPruningConfig): Promise<void> {
    let existing;
    try {
      existing = await readVerifiedCheckpoint(this.dir);
    } catch (error) {
      if (error instanceof CheckpointError && error.message.endsWith('holds no checkpoint (latest.json not found)')) return;
      throw error;
    }
    const { manifest } = existing;
    if (manifest.configFingerprint !== fingerprint(config)) {
      throw new CheckpointError(this.dir, 'holds checkpoints of another pruning config; resume them with loadCheckpoint(), or checkpoint into another directory');
    }
    const architecture = architectureOf(model);
    if (fingerprint(architecture) !== fingerprint(manifest.architecture)) {
      throw new CheckpointError(
        this.dir,
        `holds checkpoints of another model (${firstDifference(manifest.architecture, architecture)}); checkpoint into another directory`,
      );
    }
  }
}
