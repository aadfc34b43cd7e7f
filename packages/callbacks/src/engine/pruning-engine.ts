import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { MaskStore } from '@tfjs-prune/core';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import type { PruningConfigInput } from '../config/config-input.js';
import { CheckpointPolicy, type CheckpointArgs } from '../checkpoint/checkpoint-policy.js';
import { type PreparedConfig, prepareConfig } from '../config/prepare-config.js';
import { PruningEngineError } from '../errors/pruning-engine-error.js';
import { type PruningEvents, PruningEventEmitter } from '../pruning-events.js';
import { buildPruningReport, type PruningReport } from '../pruning-report.js';
import type { PruningState, PruningStateInput, PruningStateSource } from '../state/pruning-state.js';
import { calibrate, type CalibrationData, needingCalibration } from './calibration.js';
import { latencySupport } from './latency-support.js';
import type { SpeedupMeasurer } from '../latency/speedup-measurement.js';
import { type Binding, bindModel, followModel, type StepHandlers } from './model-binding.js';
import { release } from './ownership.js';
import { setAccumulating } from './runtime-pruner.js';
import { duePruners, releaseFinishedPruners, updateDueMasks } from './schedule-stepping.js';
import { exportState, importState } from './state-transfer.js';
import { afterStep, beforeStep } from './step-work.js';

export interface PruningEngineArgs {
  /**
   * Name shown in config error messages (`<source>: /pruners/0/...`). Defaults to `"config"`;
   * `pruningCallbackFromFile` passes the file path.
   */
  source?: string;
  /**
   * Receives errors thrown by event listeners; training continues either way. Defaults to a
   * `console.warn` of each failing listener's first error.
   */
  onListenerError?: (error: unknown, event: keyof PruningEvents) => void;
  /**
   * A batch for gradient criteria ("gradient", "taylor", "movement") whose mask update comes
   * before any training step: they are then scored on one forward and backward pass of the
   * model's compiled loss on it (SNIP, Lee et al. 2019). Without it, such a criterion with a
   * first update at epoch 0 is a config error. The caller keeps ownership: the tensors are
   * only read, must stay alive until that update, and are never disposed here. Defaults to none.
   */
  calibrationData?: CalibrationData;
  /**
   * Checkpoint at the end of every `everyEpochs`-th epoch into `store`: model, optimizer state,
   * masks, accumulators, snapshots and the epoch reached. Defaults to no checkpoints.
   */
  checkpoint?: CheckpointArgs;
  /**
   * Times the dense model against a compacted candidate for a `latency` target. Defaults to the
   * measurer `@tfjs-prune/callbacks/budget` registers: the two alternated on random inputs of
   * the target's batch size, on the backend in use, medians of per-round ratios.
   */
  measureSpeedup?: SpeedupMeasurer;
}

/**
 * The pruning work, with no tie to `tf.Callback`: `PruningCallback` adapts it to `model.fit`,
 * and a custom training loop drives it directly.
 *
 * ```ts
 * const engine = new PruningEngine(config);
 * engine.attach(model);                       // hooks the optimizer: masks hold after every step
 * for (let epoch = 0; epoch < epochs; epoch++) {
 *   await engine.measureTargets(epoch);       // only does work for a "latency" target's first update
 *   engine.beginEpoch(epoch);                 // recomputes masks where the schedules say so
 *   for (const [x, y] of batches) model.optimizer.minimize(() => loss(model, x, y));
 *   await engine.endEpoch(epoch);             // events, checkpoint
 * }
 * engine.endTraining();
 * ```
 */
export class PruningEngine implements PruningStateSource {
  /** The validated config with every default filled in. */
  readonly config: ResolvedPruningConfig;
  private readonly prepared: PreparedConfig;
  private readonly source: string;
  private readonly events: PruningEventEmitter;
  private readonly calibrationData: CalibrationData | undefined;
  private readonly checkpoints: CheckpointPolicy | undefined;
  private readonly handlers: StepHandlers;
  private readonly measureSpeedup: SpeedupMeasurer | undefined;
  private binding: Binding | undefined;
  private stripped = false;
  private resuming = false;
  /** The first step after a fit starts or a state is imported catches step schedules up. */
  private stepResuming = false;
  /** Optimizer steps since training began: the clock of schedules counted in steps. */
  private steps = 0;
  /** The epoch between `beginEpoch` and `endEpoch`; null outside one. */
  private epochInProgress: number | null = null;
  private lastEpochEnded: number | null = null;

  /**
   * A config whose type is unknown at compile time (`JSON.parse`, a fetch): checked at run time
   * like any other, so a bad one throws `PruningConfigError` with JSON pointers.
   */
  static fromJSON(json: unknown, args?: PruningEngineArgs): PruningEngine {
    return new PruningEngine(json as PruningConfigInput, args);
  }

  /**
   * Validates `config` right away: an invalid one throws `PruningConfigError` here, and so does
   * a gradient criterion whose first update is at epoch 0 without `calibrationData`. Typed, so a
   * misspelt field fails to compile; a config read from JSON goes through {@link PruningEngine.fromJSON}.
   */
  constructor(config: PruningConfigInput, args: PruningEngineArgs = {}) {
    this.source = args.source ?? 'config';
    this.calibrationData = args.calibrationData;
    this.prepared = prepareConfig(config, { source: this.source, hasCalibrationData: this.calibrationData !== undefined });
    this.config = this.prepared.resolved;
    this.checkpoints = args.checkpoint === undefined ? undefined : new CheckpointPolicy(args.checkpoint);
    this.measureSpeedup = args.measureSpeedup;
    const onListenerError =
      args.onListenerError ??
      ((error: unknown, event: string) => console.warn(`tfjs-prune: a "${event}" listener threw; training continues.`, error));
    this.events = new PruningEventEmitter(onListenerError);
    this.handlers = {
      before: (gradients) => {
        const step = this.steps++;
        const b = this.binding;
        beforeStep(b?.pruners ?? [], gradients);
        // After accumulating: a gradient criterion updating at step s has step s's gradients.
        if (b !== undefined) this.updateAtStep(b, step);
      },
      after: () => {
        const b = this.binding;
        if (b !== undefined) afterStep(b.pruners, b.store, b.hook.hookedOptimizer as tf.Optimizer | undefined);
      },
    };
  }

  on<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): this {
    this.events.on(event, listener);
    return this;
  }

  once<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): this {
    this.events.once(event, listener);
    return this;
  }

  off<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): this {
    this.events.off(event, listener);
    return this;
  }

  /** The bound model, or undefined before `attach`. */
  get model(): tfl.LayersModel | undefined {
    return this.binding?.model;
  }

  /** The masks' owner, for checkpointing and tests. Undefined before `attach`. */
  get maskStore(): MaskStore | undefined {
    return this.binding?.store;
  }

  /**
   * Binds the config to `model` and starts enforcing masks after every optimizer step. A
   * pruner with `rewind: "init"` snapshots its weights here. Attaching again follows the
   * optimizer after a recompile, and accepts the functional model inside a bound Sequential.
   */
  attach(model: tfl.LayersModel): void {
    if (this.stripped) throw new PruningEngineError('STRIPPED', 'this PruningCallback was stripped; create a new one to prune again');
    if (this.binding === undefined) {
      this.binding = bindModel(this, model, this.prepared, this.source, this.handlers);
      return;
    }
    this.binding = followModel(this.binding, model, this.handlers);
    this.binding.hook.follow();
  }

  /** A training run starts: its first epoch catches the masks up to the schedule (resume). */
  beginTraining(): void {
    this.resuming = true;
    this.stepResuming = true;
  }

  /**
   * Measures what a `latency` target needs before `beginEpoch(epoch)`: when the targeted
   * pruner's first update is due, compacted candidates are timed against the model until one
   * runs the asked speedup (see docs/budget.md). Does nothing otherwise. `PruningCallback`
   * calls it; a custom loop awaits it before every `beginEpoch` when the config has a latency target.
   */
  async measureTargets(epoch: number): Promise<void> {
    const binding = this.binding;
    // Without @tfjs-prune/callbacks/budget there is no latency target: prepareConfig refused it.
    if (binding !== undefined) await latencySupport()?.search(binding, duePruners(binding.pruners, 'epoch', epoch, this.resuming), this.measureSpeedup);
  }

  /** Recomputes masks where the schedules say so at `epoch` (all pruners' or none). */
  beginEpoch(epoch: number): void {
    const binding = this.requireBound('begin an epoch');
    const resuming = this.resuming;
    this.resuming = false;
    this.epochInProgress = epoch;
    const due = duePruners(binding.pruners, 'epoch', epoch, resuming);
    calibrate(binding.model, needingCalibration(due), epoch, this.steps, this.calibrationData);
    for (const event of updateDueMasks(binding.store, due, { epoch })) this.events.emit('maskUpdate', event);
    releaseFinishedPruners(binding.pruners, 'epoch', epoch);
  }

  /** Optimizer steps taken since training began (restored by `importState`). */
  get stepsTaken(): number {
    return this.steps;
  }

  /**
   * Inside optimizer step `step`, before it is applied: recomputes the masks of schedules
   * counted in steps. It may run inside tfjs's `tidy` around a training step, which is why the
   * mask store keeps the masks it builds.
   */
  private updateAtStep(binding: Binding, step: number): void {
    const resuming = this.stepResuming;
    this.stepResuming = false;
    // Runs at every step: a config counted in epochs only pays for this check, no allocation.
    if (!binding.pruners.some((p) => p.unit === 'step')) return;
    const due = duePruners(binding.pruners, 'step', step, resuming);
    if (due.length > 0) {
      const epoch = this.epochInProgress ?? this.nextEpoch;
      for (const event of updateDueMasks(binding.store, due, { epoch, step })) this.events.emit('maskUpdate', event);
    }
    releaseFinishedPruners(binding.pruners, 'step', step);
  }

  /** Epoch-end bookkeeping: positive zeros, rewind snapshots, the `epochEnd` event, checkpoints. */
  async endEpoch(epoch: number): Promise<void> {
    const binding = this.binding;
    binding?.store.applyWithPositiveZeros();
    for (const p of binding?.pruners ?? []) if (p.rewind?.capturesAfterEpoch(epoch) === true) p.snapshot?.capture();
    this.lastEpochEnded = epoch;
    this.epochInProgress = null;
    if (binding !== undefined) await latencySupport()?.measureResult(binding, epoch, this.measureSpeedup);
    const { pruners, total } = this.currentSparsity();
    this.events.emit('epochEnd', { epoch, sparsity: total, pruners });
    // Last, so the checkpoint holds everything this epoch did (snapshots included).
    if (this.checkpoints !== undefined && binding !== undefined) await this.checkpoints.afterEpoch(epoch, binding.model, this);
  }

  /** A training run ends: positive zeros, and the `trainEnd` event with the report. */
  endTraining(): void {
    this.binding?.store.applyWithPositiveZeros();
    // A report reads every weight back from the backend: only build it for someone listening.
    if (this.events.listenerCount('trainEnd') > 0) {
      const report = this.report();
      this.events.emit('trainEnd', { report, shortfalls: report.shortfalls });
    }
  }

  /**
   * The pruning state, to checkpoint alongside the model and optimizer: each pruner's progress
   * and copies of every mask, gradient accumulator and rewind snapshot. The caller owns (and
   * must dispose) the tensors. Throws before `attach`.
   */
  exportState(): PruningState {
    return exportState(this.requireBound('export its state'), this.lastEpochEnded, this.steps);
  }

  /**
   * Restores what {@link exportState} returned, after `attach(model)` and before resuming at
   * `state.epoch + 1`. Masks are set (and the pruned weights zeroed), accumulators and
   * snapshots restored. Copies what it needs: the caller keeps ownership of `state.tensors`.
   * The pruners must be the config's, by name.
   */
  importState(state: PruningStateInput): void {
    const restored = importState(this.requireBound('import a state'), state);
    this.lastEpochEnded = restored.epoch;
    this.steps = restored.steps;
    this.stepResuming = true;
  }

  /**
   * The epoch after the last one whose `endEpoch` ran (0 before any, `state.epoch + 1` after
   * `importState`): where a schedule continues when a new fit starts counting at 0 again.
   */
  get nextEpoch(): number {
    return this.lastEpochEnded === null ? 0 : this.lastEpochEnded + 1;
  }

  /** Sparsity per pruner and weight, the whole model's zeros, and what the masks cost. */
  report(model: tfl.LayersModel | undefined = this.binding?.model): PruningReport {
    if (model === undefined || model === null) {
      throw new PruningEngineError('NOT_ATTACHED', 'nothing to report yet: the callback has not been attached to a model (call fit or attach first)');
    }
    const clock = { epoch: this.epochInProgress ?? this.nextEpoch - 1, steps: this.steps };
    return buildPruningReport(model, this.binding?.pruners ?? [], this.binding?.store, clock);
  }

  /**
   * Stops enforcing masks and frees them, with the gradient accumulators, rewind snapshots and
   * regularization indices; the zeros stay in the weights. Further training may regrow pruned
   * weights. Calling it again does nothing. Returns the bound model (undefined before attach),
   * ready for `compact` (`compactPruned` in `@tfjs-prune/callbacks/compact` does both).
   */
  strip(): tfl.LayersModel | undefined {
    const binding = this.binding;
    if (this.stripped) return binding?.model;
    this.stripped = true;
    if (binding === undefined) return undefined;
    release(this, binding.pruners);
    binding.hook.detach();
    binding.store.applyWithPositiveZeros();
    binding.store.dispose();
    for (const p of binding.pruners) {
      setAccumulating(p, false);
      p.snapshot?.dispose();
      p.regularizer?.step.dispose();
    }
    return binding.model;
  }

  private currentSparsity(): { total: number; pruners: Record<string, number> } {
    const pruners: Record<string, number> = {};
    let size = 0;
    let pruned = 0;
    const store = this.binding?.store;
    for (const p of this.binding?.pruners ?? []) {
      const pSize = p.targets.reduce((sum, t) => sum + t.size, 0);
      const pPruned = p.targets.reduce((sum, t) => sum + (store?.prunedCount(t) ?? 0), 0);
      pruners[p.name] = pSize === 0 ? 0 : pPruned / pSize;
      size += pSize;
      pruned += pPruned;
    }
    return { total: size === 0 ? 0 : pruned / size, pruners };
  }

  private requireBound(what: string): Binding {
    if (this.stripped) throw new PruningEngineError('STRIPPED', `this PruningCallback was stripped: it has no state to ${what.split(' ')[0]}`);
    if (this.binding === undefined) throw new PruningEngineError('NOT_ATTACHED', `attach the callback to its model before trying to ${what}`);
    return this.binding;
  }
}
