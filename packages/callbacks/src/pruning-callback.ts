import * as tfl from '@tensorflow/tfjs-layers';
import type { MaskStore } from '@tfjs-prune/core';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import type { PruningConfigInput } from './config/config-input.js';
import { PruningEngine, type PruningEngineArgs } from './engine/pruning-engine.js';
import { foreignLayersVersion } from './engine/tfjs-copies.js';
import { TfjsCopyError } from './errors/tfjs-copy-error.js';
import type { PruningEvents } from './pruning-events.js';
import { formatPruningReport, type PruningReport } from './pruning-report.js';
import type { PruningState, PruningStateInput } from './state/pruning-state.js';

/** Every `PruningEngine` argument; the callback adds none of its own. */
export type PruningCallbackArgs = PruningEngineArgs;

/**
 * Prunes a model during `model.fit`, following a pruning config: a thin `tf.Callback` over a
 * {@link PruningEngine}, which does the work (use the engine directly in a custom loop).
 *
 * Masks are recomputed at the start of the epochs the schedules name, and re-applied right
 * after every optimizer step (by hooking the model's optimizer), so nothing that runs after a
 * step ever sees a pruned weight come back: not validation, not other callbacks, not
 * `trainOnBatch` after `fit`. They stay enforced after `fit` returns, until `strip()`.
 *
 * ```ts
 * const pruning = new PruningCallback(config);
 * await model.fit(x, y, { epochs: 10, callbacks: [pruning] });
 * console.log(pruning.formatReport());
 * pruning.strip();
 * ```
 */
export class PruningCallback extends tfl.Callback {
  /** The engine doing the work; shared with whoever needs it outside `fit`. */
  readonly engine: PruningEngine;
  /** Added to fit's epoch index to get the schedule's epoch (see `onEpochBegin`). */
  private epochOffset = 0;
  /** Set by `onTrainBegin`: the next `onEpochBegin` is a fit's first and fixes the offset. */
  private fitStarting = false;

  /**
   * Validates `config` right away: an invalid one throws `PruningConfigError` here (with JSON
   * pointers, whatever the input's type), and so does a gradient criterion whose first update
   * is at epoch 0 without `calibrationData`. A pruner's `schedule` may be a spec or any
   * `PruningSchedule` object.
   */
  /** A typed config gets completion; one read from JSON (`unknown`) gets the same run-time checks. */
  constructor(config: PruningConfigInput, args?: PruningCallbackArgs);
  constructor(config: unknown, args?: PruningCallbackArgs);
  constructor(config: unknown, args: PruningCallbackArgs = {}) {
    super();
    this.engine = new PruningEngine(config, args);
  }

  /** The validated config with every default filled in. */
  get config(): ResolvedPruningConfig {
    return this.engine.config;
  }

  on<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): this {
    this.engine.on(event, listener);
    return this;
  }

  once<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): this {
    this.engine.once(event, listener);
    return this;
  }

  off<E extends keyof PruningEvents>(event: E, listener: PruningEvents[E]): this {
    this.engine.off(event, listener);
    return this;
  }

  /**
   * Binds the config to `model` and starts enforcing masks after every optimizer step.
   * `fit` does this in `onTrainBegin`; call it yourself for custom training loops. A pruner
   * with `rewind: "init"` snapshots its weights here.
   */
  attach(model: tfl.LayersModel): void {
    this.engine.attach(model);
  }

  override async onTrainBegin(): Promise<void> {
    const self = adapterOf(this);
    self.attach(self.model);
    self.engine.beginTraining();
    self.fitStarting = true;
  }

  /**
   * One schedule clock across fits: tfjs numbers every fit's epochs from 0, so a fit that
   * starts at 0 continues where this callback's last epoch ended (six `fit({ epochs: 1 })`
   * prune as one `fit({ epochs: 6 })`), while a fit given `initialEpoch > 0` is taken at its
   * word (resuming from a checkpoint, or replaying epochs).
   */
  override async onEpochBegin(epoch: number): Promise<void> {
    const self = adapterOf(this);
    if (self.engine.model === undefined) self.attach(self.model);
    if (self.fitStarting) {
      self.fitStarting = false;
      self.epochOffset = epoch === 0 ? self.engine.nextEpoch : 0;
    }
    self.engine.beginEpoch(epoch + self.epochOffset);
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    const self = adapterOf(this);
    await self.engine.endEpoch(epoch + self.epochOffset);
  }

  override async onTrainEnd(): Promise<void> {
    adapterOf(this).engine.endTraining();
  }

  /** See {@link PruningEngine.exportState}. Throws before `attach`. */
  exportState(): PruningState {
    return this.engine.exportState();
  }

  /** See {@link PruningEngine.importState}; call after `attach(model)`. */
  importState(state: PruningStateInput): void {
    this.engine.importState(state);
  }

  /** Sparsity per pruner and weight, the whole model's zeros, and what the masks cost. */
  report(): PruningReport {
    return this.engine.report(this.engine.model ?? this.model ?? undefined);
  }

  formatReport(): string {
    return formatPruningReport(this.report());
  }

  /** See {@link PruningEngine.strip}: masks stop, zeros stay; returns the bound model. */
  strip(): tfl.LayersModel | undefined {
    return this.engine.strip();
  }

  /** The masks' owner, for checkpointing and tests. Undefined before `attach`. */
  get maskStore(): MaskStore | undefined {
    return this.engine.maskStore;
  }
}

/**
 * Factory twin of `new PruningCallback(config, args)`, in the style of tfjs's `earlyStopping`.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [pruningCallback(config)] });
 * ```
 */
export function pruningCallback(config: PruningConfigInput, args?: PruningCallbackArgs): PruningCallback {
  return new PruningCallback(config, args);
}

/**
 * `this` in a hook. Another copy of tfjs-layers does not see a `PruningCallback` as one of its
 * callbacks: it copies the hooks onto a `CustomCallback` of its own and calls them with that
 * as `this` (hence "this.attach is not a function"). Name the two copies instead.
 */
function adapterOf(self: unknown): PruningCallback {
  if (self instanceof PruningCallback) return self;
  // Their CustomCallback keeps no model (its setModel is a no-op), so their version is
  // usually unknown here; a test double may carry one.
  throw new TfjsCopyError(tfl.version_layers, foreignLayersVersion((self as { model?: unknown } | null)?.model));
}
