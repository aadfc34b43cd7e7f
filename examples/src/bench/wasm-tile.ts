import * as tf from '@tensorflow/tfjs-core';

import type { WasmHeapBackend } from './wasm-cpu-fallback.js';

type Info = tf.TensorInfo;

/**
 * A `Tile` for wasm that copies memory instead of computing an index per element, for the one
 * shape tfjs's BatchNormalization gradient uses on every step: a per-channel vector
 * `[1, 1, 1, C]` tiled to `[B, H, W, C]`. Whenever every repeated axis comes before every axis
 * with data (sizes 1 there, repeats 1 after), the output is the input's values repeated end to end,
 * written by doubling `copyWithin` calls. tfjs-backend-wasm 4.22's own `Tile` took a third of a
 * ResNet-style training step; every other shape still goes to it. Checked against the cpu backend
 * in examples/test/bench/wasm-tile.test.ts.
 */
export function registerWasmTile(): void {
  const existing = tf.getKernel('Tile', 'wasm');
  if (existing === undefined) throw new Error('registerWasmTile: import @tensorflow/tfjs-backend-wasm first');
  if ((existing.kernelFunc as { repeatsBlocks?: true }).repeatsBlocks === true) return;
  const fallback = existing.kernelFunc;
  const kernelFunc: tf.KernelConfig['kernelFunc'] = (args) => {
    const { x } = args.inputs as { x: Info };
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (!repeatsWholeBlocks(x.shape, reps) || (x.dtype !== 'float32' && x.dtype !== 'int32')) return fallback(args);
    const backend = args.backend as WasmHeapBackend & { typedArrayFromHeap(info: Info): Float32Array | Int32Array };
    const out = backend.makeOutput(x.shape.map((s, i) => s * (reps[i] ?? 1)), x.dtype);
    const target = backend.typedArrayFromHeap(out);
    const block = backend.typedArrayFromHeap(x);
    target.set(block);
    for (let filled = block.length; filled < target.length; filled *= 2) target.copyWithin(filled, 0, Math.min(filled, target.length - filled));
    return out;
  };
  Object.assign(kernelFunc, { repeatsBlocks: true });
  tf.unregisterKernel('Tile', 'wasm');
  tf.registerKernel({ kernelName: 'Tile', backendName: 'wasm', kernelFunc });
}

/** True when every axis with repeats > 1 precedes every axis of size > 1 (exported for its test). */
export function repeatsWholeBlocks(shape: readonly number[], reps: readonly number[]): boolean {
  const firstData = shape.findIndex((s) => s > 1);
  return reps.every((r, i) => r === 1 || firstData === -1 || i < firstData);
}
