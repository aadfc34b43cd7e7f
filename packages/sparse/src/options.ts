import { SparsifyError } from './sparsify-error.js';

/** The weight layouts a Dense or 1x1-convolution kernel can be packed into. */
export type SparseFormat = 'csr' | 'block1x4' | 'block4x1' | 'dense';

export const sparseFormats: readonly SparseFormat[] = ['csr', 'block1x4', 'block4x1', 'dense'];

export interface SparsifyOptions {
  /**
   * Below this weight sparsity (fraction of zero kernel entries) a layer runs on the dense SIMD
   * kernel instead of a sparse one. Defaults to `DEFAULT_MIN_SPARSITY` (0.6), the measured
   * break-even of the unstructured kernel at batch 1.
   */
  minSparsity?: number;
  /**
   * `'auto'` picks per layer from the kernel's zero pattern: 1x4 blocks (one input, four
   * consecutive outputs) or 4x1 blocks (four consecutive inputs, one output) when the zeros come in
   * such blocks, CSR otherwise, dense below `minSparsity`. A named format forces it on every
   * layer at or above `minSparsity`. Defaults to `'auto'`.
   */
  format?: 'auto' | SparseFormat;
  /** `'wasm'`: the WebAssembly SIMD kernels. `'js'`: the plain JS reference kernels. Defaults to `'wasm'`. */
  kernels?: 'wasm' | 'js';
}

/**
 * Where CSR starts to beat our dense SIMD kernel at batch 1: measured on a 784x300 kernel (median
 * CPU-time ratio CSR/dense kernel: 0.83x at 50%, 0.97x at 60%, 1.29x at 70%; at batch 64 the
 * break-even is lower, near 45%).
 */
export const DEFAULT_MIN_SPARSITY = 0.6;

export interface ResolvedOptions {
  readonly minSparsity: number;
  readonly format: 'auto' | SparseFormat;
  readonly kernels: 'wasm' | 'js';
}

const known = new Set(['minSparsity', 'format', 'kernels']);

/** Checks every option at once and reports all problems in one error. */
export function resolveOptions(options: SparsifyOptions | undefined): ResolvedOptions {
  const given = (options ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new SparsifyError('SPARSIFY_BAD_OPTION', `sparsify: options must be an object (got ${JSON.stringify(options)})`);
  }
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problems.push(`unknown option "${key}" (expected one of ${[...known].join(', ')})`);
  }
  const { minSparsity = DEFAULT_MIN_SPARSITY, format = 'auto', kernels = 'wasm' } = given;
  if (typeof minSparsity !== 'number' || !(minSparsity >= 0 && minSparsity <= 1)) {
    problems.push(`minSparsity must be a number in [0, 1] (got ${JSON.stringify(minSparsity)})`);
  }
  if (format !== 'auto' && !sparseFormats.includes(format as SparseFormat)) {
    problems.push(`format must be one of "auto", ${sparseFormats.map((f) => `"${f}"`).join(', ')} (got ${JSON.stringify(format)})`);
  }
  if (kernels !== 'wasm' && kernels !== 'js') {
    problems.push(`kernels must be "wasm" or "js" (got ${JSON.stringify(kernels)})`);
  }
  if (problems.length > 0) throw new SparsifyError('SPARSIFY_BAD_OPTION', `sparsify: ${problems.join('; ')}`);
  return { minSparsity: minSparsity as number, format: format as ResolvedOptions['format'], kernels: kernels as 'wasm' | 'js' };
}
