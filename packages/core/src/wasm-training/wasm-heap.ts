import type * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's `BackendWasm` that the kernels of this folder use. */
export interface WasmHeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export type KernelFunc = tf.KernelConfig['kernelFunc'];
