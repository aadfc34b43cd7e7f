import { registerWasmConvGrads } from './wasm-conv-grads.js';
import { registerWasmTile } from './wasm-tile.js';

/**
 * Everything the benchmark CNNs (LeNet-5, ResNet-style, MobileNetV2-style) need to train on
 * tfjs-backend-wasm 4.22 at a usable speed: the missing and slow convolution gradients
 * (wasm-conv-grads.ts) and a copying `Tile` for BatchNormalization's gradient (wasm-tile.ts).
 * One training step at batch 64 on the shared 2-core VM (load varied): ResNet-style 4.5 s with the
 * stride-1 3-D stand-in → 0.65–1.5 s; MobileNetV2-style 28 s with depthwise gradients from the cpu
 * backend → 1.4–2.6 s (what remains is mostly BatchNormalization's and ReLU6's elementwise
 * gradients); an epoch of 8,000 digits then takes about 1.5 and 3 minutes.
 * Call once after selecting the wasm backend; calling again does nothing.
 */
export function registerWasmTrainingKernels(): void {
  registerWasmConvGrads();
  registerWasmTile();
}
