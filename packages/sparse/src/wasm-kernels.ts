import { kernelsWasmBase64 } from './generated/kernels-wasm.js';
import { Heap, type LinearMemory } from './heap.js';
import type { Kernels } from './kernels.js';
import { SparsifyError } from './sparsify-error.js';

// The lib this project compiles against (ES2023, no DOM) does not declare WebAssembly; this is the
// little of it used here, present in Node and every browser.
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: object }>;
}

interface KernelExports {
  memory: LinearMemory;
  heapBase(): number;
  csr: Kernels['csr'];
  csr16: Kernels['csr16'];
  block1x4: Kernels['block1x4'];
  block4x1: Kernels['block4x1'];
  dense: Kernels['dense'];
  transpose: Kernels['transpose'];
}

let compiled: Promise<object> | undefined;

/**
 * One module compiled per process, one instance (its own memory) per SparseModel, so disposing a
 * model drops its whole heap. Compiling bytes needs only 'wasm-unsafe-eval' under a CSP.
 */
export async function wasmKernels(): Promise<Kernels> {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) {
    throw new SparsifyError('SPARSIFY_WASM_UNAVAILABLE', "sparsify: this engine has no WebAssembly; pass { kernels: 'js' } to run the JS kernels");
  }
  compiled ??= wasm.compile(decodeBase64(kernelsWasmBase64)).catch((cause: unknown) => {
    compiled = undefined;
    throw new SparsifyError(
      'SPARSIFY_WASM_UNAVAILABLE',
      `sparsify: this engine cannot compile the WebAssembly SIMD kernels (${String(cause)}); pass { kernels: 'js' } to run the JS kernels`,
      { cause },
    );
  });
  const instance = await wasm.instantiate(await compiled, {
    env: {
      abort: () => {
        throw new Error('sparse kernel aborted');
      },
    },
  });
  const exports = instance.exports as unknown as KernelExports;
  return {
    kind: 'wasm',
    heap: new Heap(exports.memory, exports.heapBase()),
    csr: exports.csr,
    csr16: exports.csr16,
    block1x4: exports.block1x4,
    block4x1: exports.block4x1,
    dense: exports.dense,
    transpose: exports.transpose,
  };
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
