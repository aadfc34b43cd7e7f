import * as tf from '@tensorflow/tfjs-core';

interface WasmBackendInternals {
  dataIdMap?: { get(dataId: object): { memoryOffset?: number | null } | undefined };
  wasm?: { HEAPU8?: Uint8Array };
}

/**
 * A tensor's values for reading once. On tfjs-backend-wasm, `dataSync` copies with
 * `HEAPU8.slice`, which V8 runs on a slow path (about 300 µs for a 64x784 batch, more than the
 * whole sparse LeNet), so a float32 tensor that lives in that backend's memory is read in place
 * through a view. Anything else (other backends, other dtypes, internals not as expected) goes
 * through `dataSync`. The view is only read, and only before any tfjs op can run.
 */
export function tensorData(t: tf.Tensor): ArrayLike<number> {
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendInternals;
    const offset = backend.dataIdMap?.get(t.dataId)?.memoryOffset;
    const heap = backend.wasm?.HEAPU8;
    if (typeof offset === 'number' && offset % 4 === 0 && heap !== undefined && offset + t.size * 4 <= heap.byteLength) {
      return new Float32Array(heap.buffer, heap.byteOffset + offset, t.size);
    }
  }
  return t.dataSync();
}
