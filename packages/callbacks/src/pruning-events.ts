import { EventEmitter } from 'eventemitter3';
import type { TargetMaskUpdate } from '@tfjs-prune/core';

import type { PruningReport, ScheduleShortfall } from './pruning-report.js';

export interface MaskUpdateEvent {
  /** The epoch in progress (for a step schedule: the epoch the step belongs to). */
  readonly epoch: number;
  /** Schedules counted in steps: the optimizer step (0-based, since training began) the update ran before. */
  readonly step?: number;
  readonly pruner: string;
  readonly targetSparsity: number;
  readonly targets: readonly TargetMaskUpdate[];
  /** Structured pruners: selected layers whose channels are all left alone (tied to the model's output, ...), and why. */
  readonly untouched?: readonly { readonly layer: string; readonly reason: string }[];
  /** Layers among the targets that do not train (`trainable: false`): masked all the same. */
  readonly frozen?: readonly string[];
}

export interface EpochEndEvent {
  readonly epoch: number;
  /** Fraction of all pruned-by-config weights currently masked. */
  readonly sparsity: number;
  /** Same, per pruner name. */
  readonly pruners: Readonly<Record<string, number>>;
}

export interface TrainEndEvent {
  readonly report: PruningReport;
  /** Pruners that ended short of their schedule's final sparsity (`report.shortfalls`); empty when all reached it. */
  readonly shortfalls: readonly ScheduleShortfall[];
}

export interface PruningEvents {
  maskUpdate: (event: MaskUpdateEvent) => void;
  epochEnd: (event: EpochEndEvent) => void;
  trainEnd: (event: TrainEndEvent) => void;
}

type Listener<E extends keyof PruningEvents> = PruningEvents[E];

/**
 * Typed events whose listeners cannot break training: a throwing listener is reported once
 * through `onListenerError` and every other listener still runs. Listeners are wrapped on the
 * way in (rather than emit re-implemented) so eventemitter3 keeps handling `once` and `off`.
 */
export class PruningEventEmitter {
  // Untyped inside: the typed surface is this class's own on/once/off/emit.
  private readonly emitter = new EventEmitter();
  private readonly guards = new Map<keyof PruningEvents, WeakMap<object, (payload: unknown) => void>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof PruningEvents) => void) {}

  on<E extends keyof PruningEvents>(event: E, listener: Listener<E>): void {
    this.emitter.on(event, this.guard(event, listener));
  }

  once<E extends keyof PruningEvents>(event: E, listener: Listener<E>): void {
    this.emitter.once(event, this.guard(event, listener));
  }

  off<E extends keyof PruningEvents>(event: E, listener: Listener<E>): void {
    const guarded = this.guards.get(event)?.get(listener);
    if (guarded !== undefined) this.emitter.off(event, guarded);
  }

  emit<E extends keyof PruningEvents>(event: E, payload: Parameters<Listener<E>>[0]): void {
    this.emitter.emit(event, payload);
  }

  listenerCount(event: keyof PruningEvents): number {
    return this.emitter.listenerCount(event);
  }

  private guard<E extends keyof PruningEvents>(event: E, listener: Listener<E>): (payload: unknown) => void {
    let byListener = this.guards.get(event);
    if (byListener === undefined) this.guards.set(event, (byListener = new WeakMap()));
    const existing = byListener.get(listener);
    if (existing !== undefined) return existing;
    let reported = false;
    const guarded = (payload: unknown): void => {
      try {
        (listener as (payload: unknown) => void)(payload);
      } catch (error) {
        if (!reported) {
          reported = true;
          this.onListenerError(error, event);
        }
      }
    };
    byListener.set(listener, guarded);
    return guarded;
  }
}
