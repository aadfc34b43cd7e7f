import { TfjsPruneError } from '@tfjs-prune/errors';

export type WasmTrainingErrorCode =
  /** `registerWasmTrainingKernels()` ran before `@tensorflow/tfjs-backend-wasm` was imported. */
  | 'WASM_BACKEND_MISSING'
  /** A gradient call outside the fast paths found neither a wasm nor a cpu kernel to run it. */
  | 'WASM_KERNEL_UNAVAILABLE';

/** Thrown by the training kernels that tfjs-prune adds to the wasm backend. */
export class WasmTrainingError extends TfjsPruneError<WasmTrainingErrorCode> {
  override readonly name = 'WasmTrainingError';
}
