import type { BackendSelection } from './backend-selection.js';

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

let given = false;

/**
 * The install hint for a Node user whose `auto` ended on cpu only because wasm is missing: the
 * umbrella `@tensorflow/tfjs` alone trains there about 6x slower, and nothing else says so.
 * Given once per process, so a script that selects a backend per run is not repeated at.
 */
export function wasmHint(selection: BackendSelection): string | undefined {
  if (given || selection.requested !== 'auto' || selection.backend !== 'cpu') return undefined;
  const wasm = selection.attempts.find((a) => a.package === WASM_PACKAGE);
  if (wasm?.outcome !== 'not-installed') return undefined;
  given = true;
  return (
    `tfjs-prune: training on cpu because ${WASM_PACKAGE} is not installed; ` +
    `it trains about 6x faster: npm i ${WASM_PACKAGE}`
  );
}
