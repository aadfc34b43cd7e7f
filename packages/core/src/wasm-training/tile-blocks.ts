import type * as tf from '@tensorflow/tfjs-core';

import type { KernelFunc, WasmHeapBackend } from './wasm-heap.js';

/** True when every axis with repeats > 1 precedes every axis of size > 1. */
export function repeatsWholeBlocks(shape: readonly number[], reps: readonly number[]): boolean {
  const firstData = shape.findIndex((s) => s > 1);
  return reps.every((r, i) => r === 1 || firstData === -1 || i < firstData);
}

/**
 * A `Tile` that copies memory instead of computing an index per element, for the shape tfjs's
 * BatchNormalization gradient uses on every step: a per-channel vector `[1, 1, 1, C]` tiled to
 * `[B, H, W, C]`. When every repeated axis precedes every axis with data, the output is the
 * input repeated end to end, written by doubling `copyWithin` calls; tfjs-backend-wasm 4.22's own
 * `Tile` took a third of a ResNet-style training step. Every other call goes to `fallback`.
 */
export function blockTile(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (!repeatsWholeBlocks(x.shape, reps) || (x.dtype !== 'float32' && x.dtype !== 'int32')) return fallback(args);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(x.shape.map((s, i) => s * (reps[i] ?? 1)), x.dtype);
    const target = backend.typedArrayFromHeap(out);
    const block = backend.typedArrayFromHeap(x);
    target.set(block);
    for (let filled = block.length; filled < target.length; filled *= 2) target.copyWithin(filled, 0, Math.min(filled, target.length - filled));
    return out;
  };
}
