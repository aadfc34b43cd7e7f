import { fileSystem } from '@tfjs-prune/core/node';

import { disposeRestoredModel, loadCheckedModel } from '../checked-model.js';
import { CheckpointError } from '../checkpoint-error.js';
import type { CheckpointContents, CheckpointStore, CheckpointSummary, RestoredCheckpoint } from '../checkpoint-store.js';
import { readStateTensors, readVerifiedCheckpoint, type VerifiedCheckpoint } from './read-checkpoint.js';
import { fingerprint } from './sha256.js';
import { writeCheckpoint } from './write-checkpoint.js';

export interface CheckpointDirectoryOptions {
  /** How many complete checkpoints to keep. Defaults to 2. */
  readonly keep?: number;
}

/**
 * Checkpoints in a directory on disk (Node only): each one built in a staging directory,
 * fsynced and renamed into place before `latest.json` points to it, every file checked
 * against its size and sha256 on the way back.
 *
 * ```ts
 * new PruningCallback(config, { checkpoint: { store: checkpointDirectory('checkpoints'), everyEpochs: 1 } });
 * ```
 */
export function checkpointDirectory(dir: string, options: CheckpointDirectoryOptions = {}): CheckpointStore {
  return new DirectoryStore(dir, options);
}

class DirectoryStore implements CheckpointStore {
  readonly location: string;
  private readonly keep: number;

  constructor(dir: string, { keep = 2 }: CheckpointDirectoryOptions) {
    if (typeof dir !== 'string' || dir === '') throw new CheckpointError('CHECKPOINT_ARGS', 'checkpoint', 'the directory must be a non-empty path');
    if (!Number.isInteger(keep) || keep < 1) throw new CheckpointError('CHECKPOINT_ARGS', dir, `keep must be an integer ≥ 1 (got ${keep})`);
    this.location = dir;
    this.keep = keep;
  }

  async latest(): Promise<CheckpointSummary | null> {
    try {
      return summaryOf(await readVerifiedCheckpoint(this.location));
    } catch (error) {
      if (error instanceof CheckpointError && error.code === 'CHECKPOINT_NOT_FOUND') return null;
      throw error;
    }
  }

  async write(contents: CheckpointContents): Promise<void> {
    await writeCheckpoint(this.location, contents, { keep: this.keep });
  }

  async restore(): Promise<RestoredCheckpoint> {
    const checkpoint = await readVerifiedCheckpoint(this.location);
    const summary = summaryOf(checkpoint);
    const model = await loadCheckedModel(fileSystem(checkpoint.path), checkpoint.path, summary.architecture);
    try {
      return { summary, model, tensors: await readStateTensors(checkpoint) };
    } catch (error) {
      disposeRestoredModel(model);
      throw error;
    }
  }
}

function summaryOf({ path, manifest }: VerifiedCheckpoint): CheckpointSummary {
  if (fingerprint(manifest.config) !== manifest.configFingerprint) {
    throw new CheckpointError('CHECKPOINT_CORRUPT', path, 'is corrupt: its config does not match its fingerprint');
  }
  return { location: path, epoch: manifest.epoch, config: manifest.config, architecture: manifest.architecture, pruners: manifest.pruners };
}
