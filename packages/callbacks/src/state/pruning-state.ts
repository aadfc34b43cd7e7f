import type * as tf from '@tensorflow/tfjs-core';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import type { LatencyChoice, SpeedupMeasurement } from './latency-records.js';

/*
 * The bottom of the package: the engine produces and restores these, checkpoints store them,
 * and neither needs to know the other to do so.
 */

/** Progress of one pruner, as `exportState()` reports it. */
export interface PrunerState {
  readonly name: string;
  /** Sparsity of the last mask update; 0 while dense. */
  readonly appliedSparsity: number;
  /** Mask updates done so far. */
  readonly updates: number;
  /** Optimizer steps in the gradient accumulator since the last update (0 for weight-only criteria). */
  readonly gradientSteps: number;
  /**
   * Optimizer steps since training began: the clock of schedules counted in steps. The engine
   * has one clock, so every pruner records the same count (kept per pruner so checkpoint
   * manifests carry it as they are). Absent in states written before step schedules: 0.
   */
  readonly steps?: number | undefined;
  /**
   * A latency target's measured MAC fraction (and the last update's measurement): a resumed run
   * prunes to the same fraction without measuring again. Absent otherwise.
   */
  readonly latency?: PrunerLatencyState | undefined;
  /**
   * A budget target's last allocation: what the update aimed at and what the compacted model
   * costs, so that a resumed run reports it before its next update. Absent otherwise.
   */
  readonly allocation?: PrunerAllocationState | undefined;
}

/** A budget allocation's totals, in the target's metric (MACs or parameters). */
export interface PrunerAllocationState {
  readonly dense: number;
  readonly target: number;
  readonly achieved: number;
}

/** Plain numbers, as a checkpoint manifest stores them. */
export interface PrunerLatencyState {
  readonly choice: LatencyChoice;
  readonly final?: SpeedupMeasurement | undefined;
}

/**
 * Everything needed to resume pruning where it stopped, besides the model and optimizer.
 * `tensors` holds, in a section per pruner (`pruners/<i>/`, i its position in `pruners`), its
 * masks (`mask/<path>/<weight>`, bool; `mask/<path>/bias` for structured pruners), gradient
 * accumulators (`acc/<path>/<weight>`) and rewind snapshots (`rewind/<path>/<weight>`), e.g.
 * `pruners/0/mask/hidden1/kernel`. Two pruners may each hold a mask over one weight.
 */
export interface PruningState {
  /** The last epoch whose epoch end ran (null before the first): resume at epoch + 1. */
  readonly epoch: number | null;
  readonly pruners: readonly PrunerState[];
  readonly tensors: Map<string, tf.Tensor>;
}

/** What `importState` accepts: missing counters default to 0. */
export interface PruningStateInput {
  readonly epoch?: number | null | undefined;
  readonly pruners: readonly {
    readonly name: string;
    readonly appliedSparsity: number;
    readonly updates?: number | undefined;
    readonly gradientSteps?: number | undefined;
    readonly steps?: number | undefined;
    readonly latency?: PrunerLatencyState | undefined;
    readonly allocation?: PrunerAllocationState | undefined;
  }[];
  readonly tensors: ReadonlyMap<string, tf.Tensor>;
}

/** Whatever can hand out its pruning state for a checkpoint (the engine does). */
export interface PruningStateSource {
  /** The resolved config the state belongs to; checkpoints record it to refuse mixing runs. */
  readonly config: ResolvedPruningConfig;
  /** Copies of the pruning state; the receiver disposes the tensors. */
  exportState(): PruningState;
}
