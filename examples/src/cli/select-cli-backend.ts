import { BackendError, NODE_BACKEND_CHOICES, selectBackend, type BackendSelection, type SelectBackendOptions } from '@tfjs-prune/callbacks/backend';

/**
 * selectBackend for the demo and benchmarks: the library's messages speak to a library caller
 * ("choose 'wasm' instead"), so this adds the flag that does it from the command line.
 */
export async function selectCliBackend(choice: string, options: SelectBackendOptions): Promise<BackendSelection> {
  try {
    return await selectBackend(choice, options);
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    throw new Error(`${error.message} From the command line: --backend ${NODE_BACKEND_CHOICES.join('|')} or TFJS_PRUNE_BACKEND.`, {
      cause: error,
    });
  }
}
