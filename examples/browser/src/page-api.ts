import type { RunOptions, RunResult } from './train.js';

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
  /** Loads a saved model from a URL, predicts `inputs`, disposes everything again. */
  loadAndPredict(url: string, inputs: number[][]): Promise<{ predictions: number[][]; leakedTensors: number }>;
}

declare global {
  interface Window {
    tfjsPruneDemo: DemoApi;
  }
}
