export { registerWasmTrainingKernels } from './register-wasm-training-kernels.js';
export { WasmTrainingError, type WasmTrainingErrorCode } from './wasm-training-error.js';
