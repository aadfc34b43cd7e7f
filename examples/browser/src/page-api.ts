import type { WeightSparsity } from '@tfjs-prune/core';

export interface RunOptions {
  /** `webgl` (the default), `wasm`, `cpu`, `webgpu` or `auto`. */
  readonly backend: string;
  readonly epochs: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly batchSize: number;
  /** A pruning config (the JSON format); defaults to examples/schedules/lenet-300-100.json. */
  readonly config?: unknown;
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
  readonly epochs: readonly EpochProgress[];
  readonly testAccuracy: number;
  /** Every weight of the trained model, pruned or not, as core's sparsityReport gives it. */
  readonly weights: readonly WeightSparsity[];
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
  /** Disposes the current model and its data; returns `tf.memory().numTensors` afterwards. */
  release(): number;
  /** Exports the current model through core's exportModel (`downloads://...` by default). */
  exportPruned(destination?: string): Promise<{ weightsBytes: number; weightsGzipBytes: number }>;
  /** Loads a saved model from a URL, predicts `inputs` on `backend`, disposes everything again. */
  loadAndPredict(url: string, inputs: number[][], backend?: string): Promise<{ predictions: number[][]; leakedTensors: number }>;
  /** Every Content Security Policy violation the page has seen, as `directive: blocked`. */
  cspViolations(): string[];
  /** The status line under the buttons: `done on ...` or `failed: ...` once a click's run ends. */
  status(): string;
}

declare global {
  // `var`, so that both `window.tfjsPruneDemo` in the page and `globalThis.tfjsPruneDemo` in the
  // test's page.evaluate callbacks (compiled without the DOM types) are typed.
  // eslint-disable-next-line no-var
  var tfjsPruneDemo: DemoApi;
}
