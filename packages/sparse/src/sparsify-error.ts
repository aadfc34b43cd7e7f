import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * `SPARSIFY_BAD_OPTION`: an option out of range or unknown. `SPARSIFY_NOT_LAYERS_MODEL`: the
 * argument is not a tf.LayersModel (e.g. a GraphModel). `SPARSIFY_BAD_INPUT`: `predict` got
 * tensors that do not match the model's inputs. `SPARSIFY_DISPOSED`: the SparseModel was disposed.
 * `SPARSIFY_WASM_UNAVAILABLE`: this JavaScript engine cannot compile the SIMD kernels.
 */
export type SparsifyErrorCode =
  | 'SPARSIFY_BAD_OPTION'
  | 'SPARSIFY_NOT_LAYERS_MODEL'
  | 'SPARSIFY_BAD_INPUT'
  | 'SPARSIFY_DISPOSED'
  | 'SPARSIFY_WASM_UNAVAILABLE';

/** `sparsify` or a SparseModel refused; the model given to `sparsify` is never changed. */
export class SparsifyError extends TfjsPruneError<SparsifyErrorCode> {
  override readonly name = 'SparsifyError';
}
