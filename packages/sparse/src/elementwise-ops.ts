import { applyActivation } from './activations.js';
import type { HeapValue, OwnOp, Runtime } from './runtime.js';

export const identityOp: OwnOp = { run: ([x]) => x! };

export function activationOp(name: string): OwnOp {
  return {
    run([x], runtime: Runtime): HeapValue {
      const y = runtime.value(x!.channels, x!.columns, x!.shape);
      applyActivation(name, runtime.kernels.heap.f32(), x!.ptr >> 2, y.ptr >> 2, x!.channels, x!.cols);
      return y;
    },
  };
}

/** An element-wise function given directly (ReLU with a max value, LeakyReLU). */
export function mapOp(fn: (v: number) => number): OwnOp {
  return {
    run([x], runtime: Runtime): HeapValue {
      const y = runtime.value(x!.channels, x!.columns, x!.shape);
      const f = runtime.kernels.heap.f32();
      const from = x!.ptr >> 2, to = y.ptr >> 2;
      for (let i = 0; i < x!.channels * x!.cols; i++) f[to + i] = fn(f[from + i]!);
      return y;
    },
  };
}

/** y = x * scale[c] + shift[c]: an inference-time BatchNormalization over the last axis. */
export function affineOp(scale: Float32Array, shift: Float32Array): OwnOp {
  return {
    run([x], runtime: Runtime): HeapValue {
      const y = runtime.value(x!.channels, x!.columns, x!.shape);
      const f = runtime.kernels.heap.f32();
      const cols = x!.cols;
      for (let c = 0; c < x!.channels; c++) {
        const from = (x!.ptr >> 2) + c * cols, to = (y.ptr >> 2) + c * cols;
        const s = scale[c]!, t = shift[c]!;
        for (let j = 0; j < cols; j++) f[to + j] = f[from + j]! * s + t;
      }
      return y;
    },
  };
}

/** Flatten (channels last): [batch, ...positions, channels] to [batch, positions x channels]. */
export const flattenOp: OwnOp = {
  run([x], runtime: Runtime): HeapValue {
    if (x!.shape.length <= 2) return x!;
    const batch = x!.shape[0]!;
    const positions = batch === 0 ? 0 : x!.columns / batch;
    const features = positions * x!.channels;
    const y = runtime.value(features, batch, [batch, features]);
    const f = runtime.kernels.heap.f32();
    const from = x!.ptr >> 2, to = y.ptr >> 2;
    for (let b = 0; b < batch; b++) {
      for (let p = 0; p < positions; p++) {
        for (let c = 0; c < x!.channels; c++) f[to + (p * x!.channels + c) * y.cols + b] = f[from + c * x!.cols + b * positions + p]!;
      }
    }
    for (let r = 0; r < features; r++) f.fill(0, to + r * y.cols + batch, to + (r + 1) * y.cols);
    return y;
  },
};
