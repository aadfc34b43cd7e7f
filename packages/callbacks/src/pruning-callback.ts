import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  findPrunableWeights,
  GradientAccumulator,
  type GradientMap,
  learningRateOf,
  lossGradients,
  MaskStore,
  OptimizerHook,
  sparsityReport,
  updateMasks,
} from '@tfjs-prune/core';
import {
  firstUpdateEpoch,
  gradientCriteria,
  PruningConfigError,
  type ResolvedPruningConfig,
  validateConfig,
} from '@tfjs-prune/schedules';
import { loadConfig } from '@tfjs-prune/schedules/node';

import { type ActivePruner, activate, bindPruners, type BoundPruner, claim, release, setAccumulating } from './bind-pruners.js';
import { type CheckpointArgs, CheckpointWriter } from './checkpoint/checkpoint-writer.js';
import { type PruningEvents, PruningEventEmitter } from './pruning-events.js';
import { buildPrunerReport, formatPruningReport, type PruningReport } from './pruning-report.js';

/** One batch to score gradient criteria on before any training step (SNIP-style). */
export interface CalibrationData {
  readonly x: tf.Tensor | tf.Tensor[];
  readonly y: tf.Tensor | tf.Tensor[];
}

export interface PruningCallbackArgs {
  /**
   * Name shown in config error messages (`<source>: /pruners/0/...`). Defaults to `"config"`;
   * `fromFile` passes the file path.
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
   * Checkpoint at the end of every `everyEpochs`-th epoch into `dir`: model, optimizer state,
   * masks, accumulators, snapshots and the epoch reached. Resume with `loadCheckpoint(dir)`.
   * Defaults to no checkpoints.
   */
  checkpoint?: CheckpointArgs;
}

/** Progress of one pruner, as {@link PruningCallback.exportState} reports it. */
export interface PrunerState {
  readonly name: string;
  /** Sparsity of the last mask update; 0 while dense. */
  readonly appliedSparsity: number;
  /** Mask updates done so far. */
  readonly updates: number;
  /** Optimizer steps in the gradient accumulator since the last update (0 for weight-only criteria). */
  readonly gradientSteps: number;
}

/**
 * Everything needed to resume pruning where it stopped, besides the model and optimizer.
 * `tensors` holds masks (`mask/<path>/<weight>`, bool; `mask/<path>/bias` for structured
 * pruners), gradient accumulators (`acc/<path>/<weight>`) and rewind snapshots
 * (`rewind/<path>/<weight>`).
 */
export interface PruningState {
  /** The last epoch whose `onEpochEnd` ran (null before the first): resume at epoch + 1. */
  readonly epoch: number | null;
  readonly pruners: readonly PrunerState[];
  readonly tensors: Map<string, tf.Tensor>;
}

/** What {@link PruningCallback.importState} accepts: missing counters default to 0. */
export interface PruningStateInput {
  readonly epoch?: number | null | undefined;
  readonly pruners: readonly {
    readonly name: string;
    readonly appliedSparsity: number;
    readonly updates?: number | undefined;
    readonly gradientSteps?: number | undefined;
  }[];
  readonly tensors: ReadonlyMap<string, tf.Tensor>;
}

interface Bound {
  readonly model: tfl.LayersModel;
  readonly pruners: ActivePruner[];
  readonly store: MaskStore;
  readonly hook: OptimizerHook;
}

/**
 * Prunes a model during `model.fit`, following a JSON pruning config.
 *
 * Masks are recomputed at the start of the epochs the schedules name, and re-applied right
 * after every optimizer step (by hooking the model's optimizer), so nothing that runs after a
 * step ever sees a pruned weight come back: not validation, not other callbacks, not
 * `trainOnBatch` after `fit`. They stay enforced after `fit` returns, until `strip()`.
 * Gradient criteria accumulate the gradients the optimizer receives, before each step.
 *
 * ```ts
 * const pruning = await PruningCallback.fromFile('prune.json');
 * await model.fit(x, y, { epochs: 10, callbacks: [pruning] });
 * console.log(pruning.formatReport());
 * pruning.strip();
 * ```
 */
export class PruningCallback extends tfl.Callback {
  readonly config: ResolvedPruningConfig;
  private readonly events: PruningEventEmitter;
  private readonly calibrationData: CalibrationData | undefined;
  private readonly checkpointWriter: CheckpointWriter | undefined;
  private bound: Bound | undefined;
  private stripped = false;
  private firstEpochOfFit = false;
  /** Optimizer steps seen since attach. */
  private steps = 0;
  private lastEpochEnded: number | null = null;

  /**
   * Validates `config` right away: an invalid one throws `PruningConfigError` here, and so does
   * a gradient criterion whose first update is at epoch 0 without `calibrationData`.
   */
  constructor(config: unknown, args: PruningCallbackArgs = {}) {
    super();
    const source = args.source ?? 'config';
    this.config = validateConfig(config, { source });
    this.calibrationData = args.calibrationData;
    this.checkpointWriter = args.checkpoint === undefined ? undefined : new CheckpointWriter(args.checkpoint);
    if (this.calibrationData === undefined) checkGradientCriteriaHaveGradients(this.config, source);
    const onListenerError =
      args.onListenerError ??
      ((error: unknown, event: string) => console.warn(`tfjs-prune: a "${event}" listener threw; training continues.`, error));
    this.events = new PruningEventEmitter(onListenerError);
  }

  /** Reads and validates a JSON config file; errors name the file and the JSON pointer. */
  static async fromFile(path: string, args: Omit<PruningCallbackArgs, 'source'> = {}): Promise<PruningCallback> {
    const config = await loadConfig(path);
    return new PruningCallback(config, { ...args, source: path });
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

  /**
   * Binds the config to `model` and starts enforcing masks after every optimizer step.
   * `fit` does this in `onTrainBegin`; call it yourself for custom training loops. A pruner
   * with `rewind: "init"` snapshots its weights here.
   */
  attach(model: tfl.LayersModel): void {
    if (this.stripped) throw new Error('this PruningCallback was stripped; create a new one to prune again');
    if (this.bound !== undefined) {
      if (this.bound.model !== model) this.rebind(this.bound, model);
      this.bound.hook.follow();
      return;
    }
    const boundPruners = bindPruners(model, this.config.pruners);
    const optimizer = model.optimizer as tf.Optimizer | undefined;
    const regularized = boundPruners.find((p) => p.config.regularization !== null);
    if (optimizer !== undefined && optimizer !== null && regularized !== undefined) checkLearningRate(optimizer, regularized);
    claim(this, model, boundPruners);
    const pruners = boundPruners.map((p) => activate(p));
    const store = new MaskStore(pruners.flatMap((p) => p.targets));
    const hook = this.hookFor(model);
    for (const p of pruners) if (p.config.rewind === 'init') p.snapshot?.capture();
    hook.attach();
    this.bound = { model, pruners, store, hook };
  }

  /**
   * `model` is another object than the bound one: fine if it holds the same weights. A
   * `Sequential` trains through a functional model it wraps (and rebuilds at every compile),
   * which is what `fit` hands its callbacks; `attach(sequential)` followed by `fit` must keep
   * working. The hook moves to the Sequential when it shows up: its `compile` is what users call.
   */
  private rebind(bound: Bound, model: tfl.LayersModel): void {
    const weights = (m: tfl.LayersModel) => findPrunableWeights(m).map((t) => t.variable);
    const mine = weights(bound.model);
    const theirs = model instanceof tfl.LayersModel ? weights(model) : [];
    if (mine.length !== theirs.length || mine.some((v, i) => v !== theirs[i])) {
      throw new Error(
        `this PruningCallback is bound to model "${bound.model.name}" and cannot prune "${model.name}" too: ` +
          'create one PruningCallback per model',
      );
    }
    if (!(model instanceof tfl.Sequential) || bound.model instanceof tfl.Sequential) return;
    bound.hook.detach();
    const hook = this.hookFor(model);
    hook.attach();
    this.bound = { ...bound, model, hook };
  }

  /** The optimizer hook that runs this callback's per-step work on `model`'s optimizer. */
  private hookFor(model: tfl.LayersModel): OptimizerHook {
    return new OptimizerHook(
      model,
      () => this.afterStep(),
      (gradients) => this.beforeStep(gradients),
    );
  }

  override async onTrainBegin(): Promise<void> {
    this.attach(this.model);
    this.firstEpochOfFit = true;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    if (this.bound === undefined) this.attach(this.model);
    const resuming = this.firstEpochOfFit;
    this.firstEpochOfFit = false;
    this.updateMasksFor(epoch, resuming);
    for (const pruner of this.bound?.pruners ?? []) {
      // Nothing reads gradients or snapshots after the last update: stop paying for them.
      setAccumulating(pruner, epoch < pruner.lastUpdate);
      if (epoch >= pruner.lastUpdate) pruner.snapshot?.dispose();
    }
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    this.bound?.store.applyWithPositiveZeros();
    for (const p of this.bound?.pruners ?? []) {
      const { rewind } = p.config;
      if (typeof rewind === 'object' && rewind.epoch === epoch) p.snapshot?.capture();
    }
    this.lastEpochEnded = epoch;
    const { pruners, total } = this.currentSparsity();
    this.events.emit('epochEnd', { epoch, sparsity: total, pruners });
    // Last, so the checkpoint holds everything this epoch did (snapshots included).
    if (this.checkpointWriter !== undefined && this.bound !== undefined) {
      await this.checkpointWriter.afterEpoch(epoch, this.bound.model, this);
    }
  }

  override async onTrainEnd(): Promise<void> {
    this.bound?.store.applyWithPositiveZeros();
    // A report reads every weight back from the backend: only build it for someone listening.
    if (this.events.listenerCount('trainEnd') > 0) this.events.emit('trainEnd', { report: this.report() });
  }

  /** Before every optimizer step: feed the step's gradients to the accumulators that need them. */
  private beforeStep(gradients: GradientMap): void {
    this.steps++;
    const accumulators: GradientAccumulator[] = [];
    for (const p of this.bound?.pruners ?? []) if (p.accumulating && p.accumulator !== undefined) accumulators.push(p.accumulator);
    GradientAccumulator.accumulateAll(accumulators, gradients);
  }

  /** After every optimizer step: proximal regularization, then the masks. */
  private afterStep(): void {
    const bound = this.bound;
    if (bound === undefined) return;
    let learningRate: number | undefined;
    for (const p of bound.pruners) {
      if (p.regularizer === undefined) continue;
      learningRate ??= checkLearningRate(bound.hook.hookedOptimizer as tf.Optimizer, p);
      p.regularizer.step(learningRate);
    }
    bound.store.apply();
  }

  /**
   * Recomputes masks where the schedules say so at `epoch`. With `resuming`, a pruner whose
   * masks lag behind `sparsityAt(epoch)` is caught up even off an update epoch, so a fit that
   * starts at `initialEpoch` continues the schedule instead of restarting it.
   */
  private updateMasksFor(epoch: number, resuming: boolean): void {
    const bound = this.bound;
    if (bound === undefined) return;
    const due = bound.pruners.filter((p) => {
      const target = p.schedule.sparsityAt(epoch);
      return p.schedule.updatesAt(epoch) || (resuming && target !== p.appliedSparsity);
    });
    this.calibrate(due.filter((p) => p.criterion.gradientStatistic !== undefined && (p.accumulator?.stepsSinceUpdate ?? 0) === 0), epoch);
    for (const pruner of due) {
      const target = pruner.schedule.sparsityAt(epoch);
      const accumulator = pruner.accumulator;
      const { config } = pruner;
      if (config.rewind !== 'none' && pruner.snapshot?.captured !== true) {
        throw new Error(
          `pruner "${config.name}" rewinds to ${describeRewind(config.rewind)}, but no snapshot was taken ` +
            '(a resumed fit without importState?): restore the pruning state, or set rewind to "none"',
        );
      }
      const targets = updateMasks(bound.store, pruner.targets, {
        criterion: pruner.criterion,
        granularity: pruner.granularity,
        scope: config.scope,
        sparsity: target,
        normalize: config.normalize,
        maxLayerSparsity: config.maxLayerSparsity,
        statistics: accumulator?.statistics(),
      });
      accumulator?.markUpdate();
      pruner.appliedSparsity = target;
      pruner.updates++;
      pruner.snapshot?.rewind(bound.store);
      this.events.emit('maskUpdate', { epoch, pruner: config.name, targetSparsity: target, targets });
    }
  }

  /**
   * Gradient criteria about to update with no step since their last update: before any
   * training step, score on one gradient evaluation of `calibrationData`; otherwise refuse
   * rather than prune by zeros.
   */
  private calibrate(pruners: readonly ActivePruner[], epoch: number): void {
    const bound = this.bound;
    if (pruners.length === 0 || bound === undefined) return;
    if (this.steps > 0 || this.calibrationData === undefined) throw noGradientsError(pruners[0] as ActivePruner, epoch, this.steps > 0);
    for (const p of pruners) p.accumulator ??= new GradientAccumulator(p.targets, requiredStatistic(p));
    const variables = pruners.flatMap((p) => p.targets.map((t) => t.variable));
    const gradients = lossGradients(bound.model, this.calibrationData.x, this.calibrationData.y, variables);
    try {
      GradientAccumulator.accumulateAll(
        pruners.map((p) => p.accumulator as GradientAccumulator),
        gradients,
      );
    } finally {
      tf.dispose([...gradients.values()]);
    }
  }

  private currentSparsity(): { total: number; pruners: Record<string, number> } {
    const pruners: Record<string, number> = {};
    let size = 0;
    let pruned = 0;
    for (const p of this.bound?.pruners ?? []) {
      const pSize = p.targets.reduce((sum, t) => sum + t.size, 0);
      const pPruned = p.targets.reduce((sum, t) => sum + (this.bound?.store.prunedCount(t) ?? 0), 0);
      pruners[p.config.name] = pSize === 0 ? 0 : pPruned / pSize;
      size += pSize;
      pruned += pPruned;
    }
    return { total: size === 0 ? 0 : pruned / size, pruners };
  }

  /**
   * The pruning state, to checkpoint alongside the model and optimizer: each pruner's progress
   * and copies of every mask, gradient accumulator and rewind snapshot. The caller owns (and
   * must dispose) the tensors. Throws before `attach`.
   */
  exportState(): PruningState {
    const bound = this.requireBound('export its state');
    const tensors = bound.store.stateTensors();
    for (const p of bound.pruners) {
      for (const [key, t] of p.accumulator?.stateTensors() ?? []) tensors.set(key, t);
      for (const [key, t] of p.snapshot?.stateTensors() ?? []) tensors.set(key, t);
    }
    return {
      epoch: this.lastEpochEnded,
      pruners: bound.pruners.map((p) => ({
        name: p.config.name,
        appliedSparsity: p.appliedSparsity,
        updates: p.updates,
        gradientSteps: p.accumulator?.stepsSinceUpdate ?? 0,
      })),
      tensors,
    };
  }

  /**
   * Restores what {@link exportState} returned, after `attach(model)` and before resuming with
   * `fit(..., { initialEpoch: state.epoch + 1 })`. Masks are set (and the pruned weights zeroed),
   * accumulators and snapshots restored. Copies what it needs: the caller keeps ownership of
   * `state.tensors`. The pruners must be the config's, by name.
   */
  importState(state: PruningStateInput): void {
    const bound = this.requireBound('import a state');
    const names = bound.pruners.map((p) => p.config.name);
    const given = state.pruners.map((p) => p.name);
    if (names.length !== given.length || names.some((n) => !given.includes(n))) {
      throw new Error(
        `the pruning state has pruners ${JSON.stringify(given)}, this config has ${JSON.stringify(names)}: ` +
          'a state can only be restored into the config it was saved with',
      );
    }
    bound.store.restoreState(state.tensors);
    const epoch = state.epoch ?? null;
    for (const p of bound.pruners) {
      const saved = state.pruners.find((s) => s.name === p.config.name);
      p.appliedSparsity = saved?.appliedSparsity ?? 0;
      p.updates = saved?.updates ?? 0;
      p.snapshot?.restoreState(state.tensors);
      // The update at lastUpdate still reads the accumulator; onEpochBegin stops it after that.
      setAccumulating(p, (epoch ?? -1) + 1 <= p.lastUpdate);
      p.accumulator?.restoreState(state.tensors, saved?.gradientSteps ?? 0);
    }
    this.lastEpochEnded = epoch;
  }

  /** Sparsity per pruner and weight, the whole model's zeros, and what the masks cost. */
  report(): PruningReport {
    const model = this.bound?.model ?? this.model;
    if (model === null || model === undefined) {
      throw new Error('nothing to report yet: the callback has not been attached to a model (call fit or attach first)');
    }
    const store = this.bound?.store;
    const pruners = (this.bound?.pruners ?? []).map((p) => buildPrunerReport(p, p.appliedSparsity, store));
    const maskBytes = store === undefined || store.isDisposed ? 0 : store.bytes;
    const guardedBytes = 4 * pruners.reduce((sum, p) => sum + p.size, 0);
    return {
      pruners,
      model: sparsityReport(model),
      maskBytes,
      maskMemoryRatio: guardedBytes === 0 ? 0 : maskBytes / guardedBytes,
    };
  }

  formatReport(): string {
    return formatPruningReport(this.report());
  }

  /**
   * Stops enforcing masks and frees them, with the gradient accumulators and rewind snapshots;
   * the zeros stay in the weights. Further training may regrow pruned weights. Calling it
   * again does nothing.
   */
  strip(): void {
    if (this.stripped) return;
    this.stripped = true;
    if (this.bound === undefined) return;
    release(this, this.bound.pruners);
    this.bound.hook.detach();
    this.bound.store.applyWithPositiveZeros();
    this.bound.store.dispose();
    for (const p of this.bound.pruners) {
      setAccumulating(p, false);
      p.snapshot?.dispose();
    }
  }

  /** The masks' owner, for checkpointing and tests. Undefined before `attach`. */
  get maskStore(): MaskStore | undefined {
    return this.bound?.store;
  }

  private requireBound(what: string): Bound {
    if (this.stripped) throw new Error(`this PruningCallback was stripped: it has no state to ${what.split(' ')[0]}`);
    if (this.bound === undefined) throw new Error(`attach the callback to its model before trying to ${what}`);
    return this.bound;
  }
}

/**
 * Factory twin of `new PruningCallback(config, args)`, in the style of tfjs's `earlyStopping`.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [pruningCallback(config)] });
 * ```
 */
export function pruningCallback(config: unknown, args?: PruningCallbackArgs): PruningCallback {
  return new PruningCallback(config, args);
}

function requiredStatistic(pruner: ActivePruner) {
  const statistic = pruner.criterion.gradientStatistic;
  if (statistic === undefined) throw new Error(`criterion "${pruner.criterion.name}" accumulates no gradients`);
  return statistic;
}

function checkLearningRate(optimizer: tf.Optimizer, pruner: BoundPruner): number {
  try {
    return learningRateOf(optimizer);
  } catch (error) {
    throw new Error(`pruner "${pruner.config.name}" has ${pruner.config.regularization?.type} regularization: ${(error as Error).message}`);
  }
}

function noGradientsError(pruner: ActivePruner, epoch: number, trained: boolean): Error {
  const why = trained
    ? 'no optimizer step has run since its last mask update'
    : 'no optimizer step has run yet (a fit resumed with initialEpoch without restoring the pruning state?)';
  return new Error(
    `pruner "${pruner.config.name}": criterion "${pruner.criterion.name}" has no gradients to score with at the mask update of epoch ${epoch}: ` +
      `${why}. Restore the pruning state (importState, or loadCheckpoint) so its accumulated gradients come back, ` +
      'or pass calibrationData to the PruningCallback to score on one batch',
  );
}

function describeRewind(rewind: 'init' | { epoch: number }): string {
  return rewind === 'init' ? 'its initial weights' : `its weights at the end of epoch ${rewind.epoch}`;
}

/**
 * A gradient criterion needs gradients, which only exist once the optimizer has taken a step:
 * a first mask update at epoch 0 (before any step) would rank weights by zeros. Reported as a
 * config error, all offending pruners at once, unless calibration data was passed.
 */
function checkGradientCriteriaHaveGradients(config: ResolvedPruningConfig, source: string): void {
  const issues = config.pruners.flatMap((pruner, i) =>
    gradientCriteria.includes(pruner.criterion) && firstUpdateEpoch(pruner.schedule) === 0
      ? [
          {
            pointer: `/pruners/${i}/criterion`,
            message:
              `"${pruner.criterion}" scores weights by their gradients, but the schedule's first mask update is at epoch 0, ` +
              'before any training step has produced one: start the schedule at epoch 1 or later, or pass ' +
              'calibrationData to the PruningCallback to score on one batch (SNIP)',
          },
        ]
      : [],
  );
  if (issues.length > 0) throw new PruningConfigError(source, issues);
}
