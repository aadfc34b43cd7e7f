import type { Heap } from './heap.js';

/**
 * The kernel contract shared by the WebAssembly kernels (assembly/kernels.ts) and their JS
 * reference (reference-kernels.ts). Pointers are byte offsets into `heap`. An activation matrix is
 * [rows][cols] f32 with rows = features and cols = batch x positions, cols being 1 or a multiple
 * of 4; rows are allocated padded to a multiple of 4 and the padding holds finite values.
 * `act`: 0 none, 1 relu, 2 relu6.
 */
export interface Kernels {
  readonly kind: 'wasm' | 'js';
  readonly heap: Heap;
  csr(start: number, rows: number, vals: number, bias: number, x: number, y: number, outputs: number, cols: number, act: number): void;
  /** csr with u16 input indices, for layers of at most 65536 inputs: a quarter less memory to stream. */
  csr16(start: number, rows: number, vals: number, bias: number, x: number, y: number, outputs: number, cols: number, act: number): void;
  block1x4(start: number, rows: number, vals: number, bias: number, x: number, y: number, groups: number, cols: number, act: number): void;
  block4x1(start: number, rows: number, vals: number, bias: number, x: number, y: number, outputs: number, cols: number, act: number): void;
  dense(w: number, bias: number, x: number, y: number, inputs: number, groups: number, cols: number, act: number): void;
  /** dst[c * dstStride + r] = src[r * srcStride + c] for r < rows, c < cols (f32). */
  transpose(src: number, dst: number, rows: number, cols: number, srcStride: number, dstStride: number): void;
}

export const ACT_NONE = 0;
export const ACT_RELU = 1;
export const ACT_RELU6 = 2;
