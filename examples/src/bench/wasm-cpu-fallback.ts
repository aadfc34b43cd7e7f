import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

type Info = tf.TensorInfo;
export type KernelFunc = tf.KernelConfig['kernelFunc'];

/** The part of tfjs-backend-wasm's `BackendWasm` used by the wasm kernels in this folder. */
export interface WasmHeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): Info;
}

/**
 * A wasm kernel that runs the cpu backend's kernel of the same name: inputs are copied out of
 * the wasm heap, computed by tfjs-backend-cpu's code (every stride, padding, dilation and layout
 * it supports) and copied back. Exact to the cpu backend by construction, but slow (two copies
 * and a JS loop): wasm-conv-grads.ts uses it only for the cases its fast paths do not cover.
 */
export function cpuDelegate(kernelName: string): KernelFunc {
  const cpuKernel = tf.getKernel(kernelName, 'cpu')?.kernelFunc;
  if (cpuKernel === undefined) throw new Error(`cpuDelegate: the cpu backend has no ${kernelName} kernel to delegate to`);
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as WasmHeapBackend;
    // findBackend initializes the cpu backend on first use; it stays registered alongside wasm.
    const cpu = tf.findBackend('cpu') as tf.KernelBackend;
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
