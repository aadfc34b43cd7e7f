import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import type { PrunerState } from '../state/pruning-state.js';

/*
 * Where checkpoints live, as one small interface: a checkpoint is a model (with its optimizer
 * state) plus the pruning state. The Node directory store (`@tfjs-prune/callbacks/node`) is one
 * implementation; a browser store (IndexedDB) is another medium behind the same four members.
 */

/** What one checkpoint holds. */
export interface CheckpointContents {
  /** Saved with its optimizer's state (slots and iteration count). */
  readonly model: tfl.LayersModel;
  readonly config: ResolvedPruningConfig;
  /** The epoch just completed; training resumes at epoch + 1. */
  readonly epoch: number;
  readonly pruners: readonly PrunerState[];
  /** Pruning state (masks, accumulators, snapshots) by stable key; read, not disposed. */
  readonly tensors: ReadonlyMap<string, tf.Tensor>;
}

/** What a store says about its newest complete checkpoint, without loading it. */
export interface CheckpointSummary {
  /** The checkpoint itself (for the directory store: its subdirectory), for messages. */
  readonly location: string;
  readonly epoch: number;
  readonly config: ResolvedPruningConfig;
  /** Layer classes and weight shapes, as `architectureOf` gives them. */
  readonly architecture: readonly string[];
  readonly pruners: readonly PrunerState[];
}

/** A checkpoint brought back: the caller owns the model (and its optimizer) and the tensors. */
export interface RestoredCheckpoint {
  readonly summary: CheckpointSummary;
  /** Compiled, with its optimizer's state restored. */
  readonly model: tfl.LayersModel;
  readonly tensors: Map<string, tf.Tensor>;
}

export interface CheckpointStore {
  /** Where the store is (a directory, a URL), named first in every error about it. */
  readonly location: string;
  /** The newest complete checkpoint, or null when the store holds none yet. */
  latest(): Promise<CheckpointSummary | null>;
  /** Adds a checkpoint; a failure at any moment leaves the previous one intact. */
  write(contents: CheckpointContents): Promise<void>;
  /**
   * Loads the newest complete checkpoint, verified; throws a `CheckpointError` with code
   * `CHECKPOINT_NOT_FOUND` when there is none.
   */
  restore(): Promise<RestoredCheckpoint>;
}
