import type * as tfl from '@tensorflow/tfjs-layers';

import type { PruningStateSource } from '../state/pruning-state.js';
import { architectureOf, firstDifference } from './architecture.js';
import { CheckpointError } from './checkpoint-error.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { sameJson } from './stable-json.js';

export interface CheckpointArgs {
  /**
   * Where checkpoints go. In Node: `checkpointDirectory(dir)` from `@tfjs-prune/callbacks/node`.
   */
  readonly store: CheckpointStore;
  /** Write after every N-th epoch (epochs N−1, 2N−1, ...). Defaults to 1. */
  readonly everyEpochs?: number;
}

/** Decides when to checkpoint and refuses to mix two trainings in one store. */
export class CheckpointPolicy {
  readonly store: CheckpointStore;
  readonly everyEpochs: number;
  private checkedStore = false;

  constructor(args: CheckpointArgs) {
    const given = args as Partial<CheckpointArgs> & { dir?: unknown };
    if (given.store === undefined && given.dir !== undefined) {
      throw new CheckpointError(
        'CHECKPOINT_ARGS',
        'checkpoint',
        'a directory needs Node: pass checkpoint: { store: checkpointDirectory(dir) } with ' +
          "checkpointDirectory from '@tfjs-prune/callbacks/node'",
      );
    }
    if (typeof given.store?.write !== 'function' || typeof given.store.latest !== 'function') {
      throw new CheckpointError('CHECKPOINT_ARGS', 'checkpoint', 'store must be a CheckpointStore (for a directory: checkpointDirectory(dir))');
    }
    const everyEpochs = args.everyEpochs ?? 1;
    if (!Number.isInteger(everyEpochs) || everyEpochs < 1) {
      throw new CheckpointError('CHECKPOINT_ARGS', 'checkpoint', `everyEpochs must be an integer ≥ 1 (got ${everyEpochs})`);
    }
    this.store = args.store;
    this.everyEpochs = everyEpochs;
  }

  async afterEpoch(epoch: number, model: tfl.LayersModel, source: PruningStateSource): Promise<void> {
    if ((epoch + 1) % this.everyEpochs !== 0) return;
    if (!this.checkedStore) {
      await this.refuseForeignCheckpoints(model, source);
      this.checkedStore = true;
    }
    const { pruners, tensors } = source.exportState();
    try {
      await this.store.write({ model, config: source.config, epoch, pruners, tensors });
    } finally {
      for (const tensor of tensors.values()) tensor.dispose();
    }
  }

  /**
   * A store that already holds checkpoints of another config or model would end up with two
   * trainings' checkpoints in it, and a later resume would silently pick the wrong one.
   */
  private async refuseForeignCheckpoints(model: tfl.LayersModel, source: PruningStateSource): Promise<void> {
    const existing = await this.store.latest();
    if (existing === null) return;
    if (!sameJson(existing.config, source.config)) {
      throw new CheckpointError(
        'CHECKPOINT_FOREIGN',
        this.store.location,
        'holds checkpoints of another pruning config; resume them with loadCheckpoint(), or checkpoint into another directory',
      );
    }
    const difference = firstDifference(existing.architecture, architectureOf(model));
    if (difference !== undefined) {
      throw new CheckpointError('CHECKPOINT_FOREIGN', this.store.location, `holds checkpoints of another model (${difference}); checkpoint into another directory`);
    }
  }
}
