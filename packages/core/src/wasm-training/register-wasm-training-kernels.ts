import * as tf from '@tensorflow/tfjs-core';

import { CONV_GRADIENTS, type ConvGradAttrs, isFastConvGradCall, type RunKernel } from './conv-gradients.js';
import { cpuDelegate } from './cpu-delegate.js';
import { blockTile } from './tile-blocks.js';
import type { KernelFunc } from './wasm-heap.js';
import { WasmTrainingError } from './wasm-training-error.js';

type Info = tf.TensorInfo;

/** Marks our kernels, so a second registration (or a second copy of this package) keeps the first. */
const OURS = Symbol.for('@tfjs-prune/core.wasmTrainingKernel');

/**
 * Lets tfjs-backend-wasm 4.22 train every layer tfjs-prune prunes (Conv2D, DepthwiseConv2D,
 * SeparableConv2D, with BatchNormalization, pooling, padding and ReLU6 around them): it adds the
 * kernels wasm lacks (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`), replaces its loop-based `Conv2DBackpropInput` (~15x
 * slower than the forward convolution) with a rewrite onto the forward convolution, and makes
 * the `Tile` of BatchNormalization's gradient a memory copy. Every kernel is checked against the
 * cpu backend's gradients.
 *
 * `selectBackend` from `@tfjs-prune/callbacks` calls this when it picks wasm; call it yourself
 * after `import '@tensorflow/tfjs-backend-wasm'` if you select wasm another way. Calling it again
 * does nothing. Imports nothing from Node, so it runs in a page as well.
 *
 * @example
 * import '@tensorflow/tfjs-backend-wasm';
 * await tf.setBackend('wasm');
 * registerWasmTrainingKernels();
 * await model.fit(xs, ys, { callbacks: [pruning] });
 */
export function registerWasmTrainingKernels(): void {
  if (tf.getKernel('Tile', 'wasm') === undefined) {
    throw new WasmTrainingError(
      'WASM_BACKEND_MISSING',
      "registerWasmTrainingKernels: the wasm backend has no kernels yet: import '@tensorflow/tfjs-backend-wasm' before calling it",
    );
  }
  for (const [kernelName, fast] of Object.entries(CONV_GRADIENTS)) {
    replaceKernel(kernelName, (existing) => {
      const fallback = existing ?? cpuDelegate(kernelName);
      return (args) => {
        const attrs = args.attrs as unknown as ConvGradAttrs;
        if (!isFastConvGradCall(attrs)) return fallback(args);
        return runFreeingTemporaries(args.backend as tf.KernelBackend, (run) => fast(run, args.inputs as Record<string, Info>, attrs));
      };
    });
  }
  replaceKernel('Tile', (existing) => blockTile(existing!));
}

function replaceKernel(kernelName: string, wrap: (existing: KernelFunc | undefined) => KernelFunc): void {
  const existing = tf.getKernel(kernelName, 'wasm')?.kernelFunc;
  if (existing !== undefined && (existing as { [OURS]?: true })[OURS] === true) return;
  const kernelFunc = wrap(existing);
  Object.defineProperty(kernelFunc, OURS, { value: true });
  if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/** Runs a chain of wasm kernels and frees every intermediate but the result, also on a throw. */
function runFreeingTemporaries(backend: tf.KernelBackend, compute: (run: RunKernel) => Info): Info {
  const temporaries: Info[] = [];
  const run: RunKernel = (kernel, inputs, attrs) => {
    const f = tf.getKernel(kernel, 'wasm')!.kernelFunc;
    const out = f({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
    temporaries.push(out);
    return out;
  };
  let result: Info | undefined;
  try {
    result = compute(run);
    return result;
  } finally {
    for (const t of temporaries) if (t !== result) backend.disposeData(t.dataId);
  }
}
