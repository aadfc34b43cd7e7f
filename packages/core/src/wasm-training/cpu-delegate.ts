import * as tf from '@tensorflow/tfjs-core';

import type { KernelFunc, WasmHeapBackend } from './wasm-heap.js';
import { WasmTrainingError } from './wasm-training-error.js';

type Info = tf.TensorInfo;

/**
 * A wasm kernel that runs the cpu backend's kernel of the same name: inputs are copied out of the
 * wasm heap, computed by tfjs-backend-cpu (every layout and dilation it supports) and copied back.
 * Exact to cpu by construction but slow, so it only serves calls that tfjs's own gradients never
 * make (NCHW, dilation > 1). The cpu kernel is looked up per call, not imported: a page that ships
 * only wasm pays nothing for it, and is told what to import if such a call ever comes.
 */
export function cpuDelegate(kernelName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const cpuKernel = tf.getKernel(kernelName, 'cpu')?.kernelFunc;
    const cpu = cpuKernel === undefined ? null : (tf.findBackend('cpu') as tf.KernelBackend | null);
    if (cpuKernel === undefined || cpu === null) {
      throw new WasmTrainingError(
        'WASM_KERNEL_UNAVAILABLE',
        `${kernelName} on wasm: this call (${JSON.stringify(attrs)}) is outside the fast wasm paths (NHWC, no dilation) ` +
          "and no cpu kernel is registered to run it: add import '@tensorflow/tfjs-backend-cpu'",
      );
    }
    const wasm = backend as WasmHeapBackend;
    const cpuInputs: Record<string, Info> = {};
    for (const [name, info] of Object.entries(inputs) as [string, Info][]) {
      cpuInputs[name] = { ...info, dataId: cpu.write(wasm.readSync(info.dataId), info.shape, info.dtype) };
    }
    try {
      const result = cpuKernel({ inputs: cpuInputs, backend: cpu, attrs: attrs as tf.NamedAttrMap });
      const outputs = Array.isArray(result) ? result : [result];
      const copied = outputs.map((out) => {
        const values = cpu.readSync(out.dataId);
        cpu.disposeData(out.dataId);
        return wasm.makeOutput(out.shape, out.dtype, undefined, values);
      });
      return Array.isArray(result) ? copied : (copied[0] as Info);
    } finally {
      for (const info of Object.values(cpuInputs)) cpu.disposeData(info.dataId);
    }
  };
}
