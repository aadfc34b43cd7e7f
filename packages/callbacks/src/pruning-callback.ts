import * as tfl from '@tensorflow/tfjs-layers';
import { magnitude, MaskStore, OptimizerHook, sparsityReport, updateMasks } from '@tfjs-prune/core';
import {
  createSchedule,
  loadConfig,
  type PruningSchedule,
  type ResolvedPruningConfig,
  validateConfig,
} from '@tfjs-prune/schedules';

import { type BoundPruner, bindPruners } from './bind-pruners.js';
import { type PruningEvents, PruningEventEmitter } from './pruning-events.js';
import { buildPrunerReport, formatPruningReport, type PruningReport } from './pruning-report.js';

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
}

interface ActivePruner extends BoundPruner {
  readonly schedule: PruningSchedule;
  /** Sparsity of the last mask update; 0 while dense. */
  appliedSparsity: number;
}

/**
 * Prunes a model during `model.fit`, following a JSON pruning config.
 *
 * Masks are recomputed at the start of the epochs the schedules name, and re-applied right
 * after every optimizer step (by hooking the model's optimizer), so nothing that runs after a
 * step ever sees a pruned weight come back: not validation, not other callbacks, not
 * `trainOnBatch` after `fit`. They stay enforced after `fit` returns, until `strip()`.
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
  private bound: { model: tfl.LayersModel; pruners: ActivePruner[]; store: MaskStore; hook: OptimizerHook } | undefined;
  private stripped = false;
  private firstEpochOfFit = false;

  /** Validates `config` right away: an invalid one throws `PruningConfigError` here. */
  constructor(config: unknown, args: PruningCallbackArgs = {}) {
    super();
    this.config = validateConfig(config, args.source === undefined ? {} : { source: args.source });
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
   * `fit` does this in `onTrainBegin`; call it yourself for custom training loops.
   */
  attach(model: tfl.LayersModel): void {
    if (this.stripped) throw new Error('this PruningCallback was stripped; create a new one to prune again');
    if (this.bound !== undefined) {
      if (this.bound.model !== model) {
        throw new Error(
          `this PruningCallback is bound to model "${this.bound.model.name}" and cannot prune "${model.name}" too: ` +
            'create one PruningCallback per model',
        );
      }
      this.bound.hook.follow();
      return;
    }
    const pruners = bindPruners(model, this.config.pruners).map((pruner) => ({
      ...pruner,
      schedule: createSchedule(pruner.config.schedule),
      appliedSparsity: 0,
    }));
    const store = new MaskStore(pruners.flatMap((p) => p.targets));
    const hook = new OptimizerHook(model, () => store.apply());
    hook.attach();
    this.bound = { model, pruners, store, hook };
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
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    this.bound?.store.applyWithPositiveZeros();
    const { pruners, total } = this.currentSparsity();
    this.events.emit('epochEnd', { epoch, sparsity: total, pruners });
  }

  override async onTrainEnd(): Promise<void> {
    this.bound?.store.applyWithPositiveZeros();
    // A report reads every weight back from the backend: only build it for someone listening.
    if (this.events.listenerCount('trainEnd') > 0) this.events.emit('trainEnd', { report: this.report() });
  }

  /**
   * Recomputes masks where the schedules say so at `epoch`. With `resuming`, a pruner whose
   * masks lag behind `sparsityAt(epoch)` is caught up even off an update epoch, so a fit that
   * starts at `initialEpoch` continues the schedule instead of restarting it.
   */
  private updateMasksFor(epoch: number, resuming: boolean): void {
    if (this.bound === undefined) return;
    for (const pruner of this.bound.pruners) {
      const target = pruner.schedule.sparsityAt(epoch);
      const due = pruner.schedule.updatesAt(epoch) || (resuming && target !== pruner.appliedSparsity);
      if (!due) continue;
      const targets = updateMasks(this.bound.store, pruner.targets, {
        criterion: magnitude,
        scope: pruner.config.scope,
        sparsity: target,
      });
      pruner.appliedSparsity = target;
      this.events.emit('maskUpdate', { epoch, pruner: pruner.config.name, targetSparsity: target, targets });
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
   * Stops enforcing masks and frees them; the zeros stay in the weights. Further training
   * may regrow pruned weights. Calling it again does nothing.
   */
  strip(): void {
    if (this.stripped) return;
    this.stripped = true;
    if (this.bound === undefined) return;
    this.bound.hook.detach();
    this.bound.store.applyWithPositiveZeros();
    this.bound.store.dispose();
  }

  /** The masks' owner, for checkpointing and tests. Undefined before `attach`. */
  get maskStore(): MaskStore | undefined {
    return this.bound?.store;
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
