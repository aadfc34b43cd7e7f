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

interface Registration {
  readonly listener: object;
  readonly once: boolean;
}

/**
 * Typed events whose listeners cannot break training: a throwing listener is reported once
 * through `onListenerError` and every other listener still runs. Three events and a handful of
 * listeners need no event library (eventemitter3 was a kilobyte of every page's bundle): a list
 * per event, replaced rather than mutated, so an emit runs the listeners registered when it
 * began even if one of them calls `on` or `off`.
 */
export class PruningEventEmitter {
  private readonly listeners = new Map<keyof PruningEvents, readonly Registration[]>();
  /** Listeners that threw once already, per event: each error is reported once per listener. */
  private readonly reported = new Map<keyof PruningEvents, WeakSet<object>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof PruningEvents) => void) {}

  on<E extends keyof PruningEvents>(event: E, listener: Listener<E>): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
  }

  once<E extends keyof PruningEvents>(event: E, listener: Listener<E>): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
  }

  /** Removes every registration of `listener` for `event`. */
  off<E extends keyof PruningEvents>(event: E, listener: Listener<E>): void {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((r) => r.listener !== listener));
  }

  emit<E extends keyof PruningEvents>(event: E, payload: Parameters<Listener<E>>[0]): void {
    const registered = this.listeners.get(event) ?? [];
    if (registered.some((r) => r.once)) this.listeners.set(event, registered.filter((r) => !r.once));
    for (const { listener } of registered) {
      try {
        (listener as (payload: unknown) => void)(payload);
      } catch (error) {
        let reported = this.reported.get(event);
        if (reported === undefined) this.reported.set(event, (reported = new WeakSet()));
        if (!reported.has(listener)) {
          reported.add(listener);
          this.onListenerError(error, event);
        }
      }
    }
  }

  listenerCount(event: keyof PruningEvents): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}
