import { growableBuffer, Heap } from './heap.js';
import type { Kernels } from './kernels.js';

/**
 * The specification of every kernel: plain scalar loops over the same memory layout as the
 * WebAssembly ones (see kernels.ts), run when `kernels: 'js'` is asked for and in the tests that
 * hold the SIMD kernels to it.
 */
export function referenceKernels(): Kernels {
  const heap = new Heap(growableBuffer(), 16);
  const f = () => heap.f32();
  const i = () => heap.i32();
  return {
    kind: 'js',
    heap,
    csr(start, rows, vals, bias, x, y, outputs, cols, act) {
      csr(f(), i(), i(), rows >> 2, start, vals, bias, x, y, outputs, cols, act);
    },
    csr16(start, rows, vals, bias, x, y, outputs, cols, act) {
      csr(f(), i(), heap.u16(), rows >> 1, start, vals, bias, x, y, outputs, cols, act);
    },
    block1x4(start, rows, vals, bias, x, y, groups, cols, act) {
      const F = f(), I = i();
      for (let g = 0; g < groups; g++) {
        const s0 = I[(start >> 2) + g]!, e = I[(start >> 2) + g + 1]!;
        for (let lane = 0; lane < 4; lane++) {
          for (let j = 0; j < cols; j++) {
            let sum = 0;
            for (let s = s0; s < e; s++) sum += F[(vals >> 2) + 4 * s + lane]! * F[(x >> 2) + I[(rows >> 2) + s]! * cols + j]!;
            F[(y >> 2) + (4 * g + lane) * cols + j] = activate(sum + F[(bias >> 2) + 4 * g + lane]!, act);
          }
        }
      }
    },
    block4x1(start, rows, vals, bias, x, y, outputs, cols, act) {
      const F = f(), I = i();
      for (let o = 0; o < outputs; o++) {
        const s0 = I[(start >> 2) + o]!, e = I[(start >> 2) + o + 1]!;
        for (let j = 0; j < cols; j++) {
          let sum = 0;
          for (let s = s0; s < e; s++) {
            const k = I[(rows >> 2) + s]!;
            for (let lane = 0; lane < 4; lane++) sum += F[(vals >> 2) + 4 * s + lane]! * F[(x >> 2) + (k + lane) * cols + j]!;
          }
          F[(y >> 2) + o * cols + j] = activate(sum + F[(bias >> 2) + o]!, act);
        }
      }
    },
    dense(w, bias, x, y, inputs, groups, cols, act) {
      const F = f();
      for (let g = 0; g < groups; g++) {
        for (let lane = 0; lane < 4; lane++) {
          for (let j = 0; j < cols; j++) {
            let sum = 0;
            for (let k = 0; k < inputs; k++) sum += F[(w >> 2) + (g * inputs + k) * 4 + lane]! * F[(x >> 2) + k * cols + j]!;
            F[(y >> 2) + (4 * g + lane) * cols + j] = activate(sum + F[(bias >> 2) + 4 * g + lane]!, act);
          }
        }
      }
    },
    transpose(src, dst, rows, cols, srcStride, dstStride) {
      const F = f();
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) F[(dst >> 2) + c * dstStride + r] = F[(src >> 2) + r * srcStride + c]!;
      }
    },
  };
}

function csr(F: Float32Array, I: Int32Array, R: Int32Array | Uint16Array, rowsAt: number, start: number, vals: number, bias: number, x: number, y: number, outputs: number, cols: number, act: number): void {
  for (let o = 0; o < outputs; o++) {
    const s0 = I[(start >> 2) + o]!, e = I[(start >> 2) + o + 1]!;
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let s = s0; s < e; s++) sum += F[(vals >> 2) + s]! * F[(x >> 2) + R[rowsAt + s]! * cols + j]!;
      F[(y >> 2) + o * cols + j] = activate(sum + F[(bias >> 2) + o]!, act);
    }
  }
}

function activate(v: number, act: number): number {
  if (act === 1) return v > 0 ? v : 0;
  if (act === 2) return v > 0 ? (v < 6 ? v : 6) : 0;
  return v;
}
