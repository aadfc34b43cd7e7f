import { registerWasmConvGrads } from './wasm-conv-grads.js';
import { registerWasmTile } from './wasm-tile.js';

/**
 * Everything the benchmark CNNs (LeNet-5, ResNet-style, MobileNetV2-style) need to train on
 * tfjs-backend-wasm 4.22 at a usable speed: the missing and slow convolution gradients
 * (wasm-conv-grads.ts) and a copying `Tile` for BatchNormalization's gradient (wasm-tile.ts).
 * Measured on a 2-core VM, batch 64: ResNet-style 4.5 s → see docs/benchmarks/speed.md.
 * Call once after selecting the wasm backend; calling again does nothing.
 */
export function registerWasmTrainingKernels(): void {
  registerWasmConvGrads();
  registerWasmTile();
}
