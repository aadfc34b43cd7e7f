import type { WeightSparsity } from '@tfjs-prune/core';

import type { SpeedOptions, SpeedResult } from '../../src/browser/speed-api.js';

export type { SpeedOptions, SpeedResult, SpeedRow } from '../../src/browser/speed-api.js';

export interface RunOptions {
  /** `webgl` (the default), `wasm`, `cpu`, `webgpu` or `auto`. */
  readonly backend: string;
  readonly epochs: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly batchSize: number;
  /**
   * Without `config`: `unstructured` is examples/schedules/lenet-300-100.json, `structured` the
   * same with whole hidden units pruned (what compaction removes). URL: `?granularity=structured`.
   */
  readonly granularity: 'unstructured' | 'structured';
  /** A pruning config (the JSON format); overrides `granularity`. */
  readonly config?: unknown;
  /** The IndexedDB checkpoint store to write every epoch to (and resume from); null for none. */
  readonly checkpoint: string | null;
}

export interface EpochProgress {
  readonly epoch: number;
  readonly accuracy: number;
  readonly loss: number;
  /** Sparsity over every pruned weight. */
  readonly sparsity: number;
}

export interface RunResult {
  readonly backend: string;
  /** The epoch training started at: 0, or where a resumed checkpoint left off. */
  readonly initialEpoch: number;
  readonly epochs: readonly EpochProgress[];
  readonly testAccuracy: number;
  /** Every weight of the trained model, pruned or not, as core's sparsityReport gives it. */
  readonly weights: readonly WeightSparsity[];
  /** The sha-256 of each pruned weight's keep-mask, by `path/weight`. */
  readonly masks: Readonly<Record<string, string>>;
  /** `tf.memory().numTensors` just before the run created anything. */
  readonly tensorsBefore: number;
}

/**
 * What the page offers scripts (the browser test drives the demo through it): the same steps
 * as its buttons, with results as plain data.
 */
export interface DemoApi {
  /** Resolves once the digits are loaded and the chart is drawn. */
  readonly ready: Promise<void>;
  /** Trains and prunes; the trained model replaces the previous one. */
  run(options?: Partial<RunOptions>): Promise<RunResult>;
  /** Continues the run checkpointed in IndexedDB (e.g. after a reload) up to `options.epochs`. */
  resume(options?: Partial<RunOptions>): Promise<RunResult>;
  /** The epoch of the newest checkpoint in IndexedDB store `name`, or null when it has none. */
  checkpointEpoch(name?: string): Promise<number | null>;
  /** Disposes the current model and its data; returns `tf.memory().numTensors` afterwards. */
  release(): number;
  /** Exports the current model through core's exportModel (`downloads://...` by default). */
  exportPruned(destination?: string): Promise<{ weightsBytes: number; weightsGzipBytes: number }>;
  /**
   * The current model with its pruned units removed (`@tfjs-prune/compact`), exported like
   * exportPruned; null when compaction removes nothing (unstructured masks).
   */
  exportCompacted(destination?: string): Promise<{ parameters: number; prunedParameters: number } | null>;
  /** The current model's predictions for `inputs`. */
  predict(inputs: number[][]): Promise<number[][]>;
  /** Loads a saved model from a URL, predicts `inputs` on `backend`, disposes everything again. */
  loadAndPredict(url: string, inputs: number[][], backend?: string): Promise<{ predictions: number[][]; leakedTensors: number }>;
  /** Times model.predict against sparsify(model).predict (the "Compare speed" button's work). */
  compareSpeed(options?: Partial<SpeedOptions>): Promise<SpeedResult>;
  /** Every Content Security Policy violation the page has seen, as `directive: blocked`. */
  cspViolations(): string[];
  /** The status line under the buttons: `done on ...` or `failed: ...` once a click's run ends. */
  status(): string;
  /** The 0-based epochs the chart shows, in order. */
  chartEpochs(): number[];
}

declare global {
  // `var`, so that both `window.tfjsPruneDemo` in the page and `globalThis.tfjsPruneDemo` in the
  // test's page.evaluate callbacks (compiled without the DOM types) are typed.
  // eslint-disable-next-line no-var
  var tfjsPruneDemo: DemoApi;
}
