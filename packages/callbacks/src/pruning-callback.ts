import * as tfl from '@tensorflow/tfjs-layers';
import type { MaskStore } from '@tfjs-prune/core';
import type { ResolvedPruningConfig } from '@tfjs-prune/schedules';

import type { PruningConfigInput } from './config/config-input.js';
import { PruningEngine, type PruningEngineArgs } from './engine/pruning-engine.js';
import { foreignLayersVersion } from './engine/tfjs-copies.js';
import { TfjsCopyError } from './errors/tfjs-copy-error.js';
import { WrappedCallbackError } from './errors/wrapped-callback-error.js';
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
   * pointers), and so does a gradient criterion whose first update is at epoch 0 without
   * `calibrationData`. A pruner's `schedule` may be a spec or any `PruningSchedule` object.
   * The config is typed, so a misspelt field fails to compile; a config read from JSON goes
   * through {@link PruningCallback.fromJSON}.
   */
  constructor(config: PruningConfigInput, args: PruningCallbackArgs = {}) {
    super();
    this.engine = new PruningEngine(config, args);
    for (const hook of HOOKS_TFJS_MAY_COPY) {
      const method = this[hook] as (...args: unknown[]) => Promise<void>;
      const callback = this;
      // Own properties, so a tf.CustomCallback that copies them still reaches this callback.
      Object.defineProperty(this, hook, {
        configurable: true,
        writable: true,
        value: async function (this: unknown, ...args: unknown[]) {
          await method.apply(hookTarget(this, callback), args);
        },
      });
    }
  }

  /**
   * A config whose type is unknown at compile time (`JSON.parse`, a fetch, a database): checked
   * at run time like any other, so a bad one throws `PruningConfigError` with JSON pointers,
   * prefixed with `args.source` (say, the file name) when given.
   *
   * ```ts
   * const pruning = PruningCallback.fromJSON(JSON.parse(text), { source: 'prune.json' });
   * ```
   */
  static fromJSON(json: unknown, args?: PruningCallbackArgs): PruningCallback {
    // The engine validates every config at run time; the type only ever served completion.
    return new PruningCallback(json as PruningConfigInput, args);
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
    this.attach(this.modelFromFit());
    this.engine.beginTraining();
    this.fitStarting = true;
  }

  /**
   * One schedule clock across fits: tfjs numbers every fit's epochs from 0, so a fit that
   * starts at 0 continues where this callback's last epoch ended (six `fit({ epochs: 1 })`
   * prune as one `fit({ epochs: 6 })`), while a fit given `initialEpoch > 0` is taken at its
   * word (resuming from a checkpoint, or replaying epochs).
   */
  override async onEpochBegin(epoch: number): Promise<void> {
    if (this.engine.model === undefined) this.attach(this.modelFromFit());
    if (this.fitStarting) {
      this.fitStarting = false;
      this.epochOffset = epoch === 0 ? this.engine.nextEpoch : 0;
    }
    await this.engine.measureTargets(epoch + this.epochOffset);
    this.engine.beginEpoch(epoch + this.epochOffset);
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    await this.engine.endEpoch(epoch + this.epochOffset);
  }

  override async onTrainEnd(): Promise<void> {
    this.engine.endTraining();
  }

  /** The model `fit` set, or (wrapped in a CustomCallback, which gets none) the one attached before. */
  private modelFromFit(): tfl.LayersModel {
    return (this.model as tfl.LayersModel | undefined) ?? this.engine.model!;
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

/** The hooks tfjs's CustomCallback copies from a callback it wraps and that this class overrides. */
const HOOKS_TFJS_MAY_COPY = ['onTrainBegin', 'onEpochBegin', 'onEpochEnd', 'onTrainEnd'] as const;

/**
 * The callback a hook runs on, given the `this` tfjs called it with. tfjs wraps every callback in
 * a `CustomCallback` when the first entry of `callbacks` is a plain object, and another copy of
 * tfjs-layers wraps ours in its own `CustomCallback` because it does not recognise it: either way
 * the hook runs with the wrapper as `this`, and the wrapper never receives the model. Ours can go
 * on with a model attached before `fit`; another copy's cannot train our model at all.
 */
function hookTarget(self: unknown, callback: PruningCallback): PruningCallback {
  if (self === callback) return callback;
  if (self instanceof tfl.CustomCallback) {
    if (callback.engine.model !== undefined) return callback;
    throw new WrappedCallbackError();
  }
  // Their CustomCallback keeps no model (its setModel is a no-op), so their version is
  // usually unknown here; a test double may carry one.
  throw new TfjsCopyError(tfl.version_layers, foreignLayersVersion((self as { model?: unknown } | null)?.model));
}
