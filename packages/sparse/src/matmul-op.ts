import { applyActivation } from './activations.js';
import { ACT_NONE, ACT_RELU, ACT_RELU6, type Kernels } from './kernels.js';
import type { PackedMatrix } from './pack.js';
import type { HeapValue, OwnOp, Runtime } from './runtime.js';

/**
 * A packed matrix copied into a model's heap once (the JS arrays are then dropped, so the weights
 * live in one place); ops of a shared layer share it.
 */
export interface ResidentMatrix {
  readonly packed: Pick<PackedMatrix, 'format' | 'inputs' | 'outputs'>;
  /** Fraction of exact zeros in the tfjs kernel. */
  readonly sparsity: number;
  readonly start: number;
  readonly rows: number;
  readonly vals: number;
  readonly bias: number;
  /** CSR input indices are stored as u16 (fits: at most 65536 inputs). */
  readonly narrow: boolean;
}

export function makeResident(kernels: Kernels, packed: PackedMatrix, sparsity: number): ResidentMatrix {
  const heap = kernels.heap;
  const narrow = packed.format === 'csr' && packed.inputs <= 65536;
  return {
    packed: { format: packed.format, inputs: packed.inputs, outputs: packed.outputs },
    sparsity,
    narrow,
    start: heap.allocI32(packed.start),
    rows: narrow ? heap.allocU16(packed.rows) : heap.allocI32(packed.rows),
    vals: heap.allocF32(packed.vals),
    bias: heap.allocF32(packed.bias),
  };
}

/**
 * x[..., inputs] times the packed kernel plus bias, then the activation: Dense on any rank and
 * 1x1 convolutions (channels last) alike, since both multiply the last axis. relu and relu6 are
 * fused into the kernel's store; every other activation runs after it.
 */
export function matmulOp(matrix: ResidentMatrix, activation: string): OwnOp {
  const { packed } = matrix;
  const fused = activation === 'relu' ? ACT_RELU : activation === 'relu6' ? ACT_RELU6 : ACT_NONE;
  const after = fused === ACT_NONE && activation !== 'linear' ? activation : null;
  return {
    run([x], runtime: Runtime): HeapValue {
      const k = runtime.kernels;
      const y = runtime.value(packed.outputs, x!.columns, [...x!.shape.slice(0, -1), packed.outputs]);
      const groups = Math.ceil(packed.outputs / 4);
      switch (packed.format) {
        case 'csr':
          (matrix.narrow ? k.csr16 : k.csr)(matrix.start, matrix.rows, matrix.vals, matrix.bias, x!.ptr, y.ptr, packed.outputs, y.cols, fused);
          break;
        case 'block1x4':
          k.block1x4(matrix.start, matrix.rows, matrix.vals, matrix.bias, x!.ptr, y.ptr, groups, y.cols, fused);
          break;
        case 'block4x1':
          k.block4x1(matrix.start, matrix.rows, matrix.vals, matrix.bias, x!.ptr, y.ptr, packed.outputs, y.cols, fused);
          break;
        case 'dense':
          k.dense(matrix.vals, matrix.bias, x!.ptr, y.ptr, packed.inputs, groups, y.cols, fused);
          break;
      }
      if (after !== null) applyActivation(after, k.heap.f32(), y.ptr >> 2, y.ptr >> 2, y.channels, y.cols);
      return y;
    },
  };
}
