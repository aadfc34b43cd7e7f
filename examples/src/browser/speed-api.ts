/*
 * The types of the page's speed comparison (the "Compare speed" button, and `pnpm bench:sparse`'s
 * Chromium rows), here so that the Node side reads the page's answer with the same types.
 */
import type { DenseVsSparseTiming } from '../bench/dense-vs-sparse.js';

export interface SpeedOptions {
  /** Batch sizes to time, each on its own random input. */
  readonly batches: readonly number[];
  /** Timed samples of each side per batch size (the harness of `pnpm bench:sparse`). */
  readonly repeats: number;
  /** A sample runs back-to-back predictions for at least this long. */
  readonly minSampleMs: number;
  /**
   * `current`: the trained model, or when there is none, `magnitude`: LeNet-300-100 pruned by
   * magnitude to 90/90/70% (what `pnpm bench:sparse` times in this page).
   */
  readonly model: 'current' | 'magnitude';
}

/** One batch size: model.predict vs sparsify(model).predict, alternated. */
export interface SpeedRow extends DenseVsSparseTiming {
  readonly batch: number;
  /** 'whole model' or 'per layer', from the sparsify report. */
  readonly runtime: string;
  readonly formats: string;
  /** Largest |model − sparse| over the largest |model output|. */
  readonly maxDifference: number;
}

export interface SpeedResult {
  readonly backend: string;
  readonly model: 'current' | 'magnitude';
  readonly rows: readonly SpeedRow[];
  /** Both predictions for the first input of the first batch. */
  readonly outputs: { readonly model: readonly number[]; readonly sparse: readonly number[] };
  /** Tensors left behind by the comparison (0 when sparsify and the timing dispose everything). */
  readonly leakedTensors: number;
}

/** The part of the page's `globalThis.tfjsPruneDemo` the benchmark calls. */
export interface SpeedApi {
  readonly ready: Promise<void>;
  compareSpeed(options?: Partial<SpeedOptions>): Promise<SpeedResult>;
  cspViolations(): string[];
}
