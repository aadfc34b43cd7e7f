/** Where backends come from: npm packages imported at run time, or modules bundled into a page. */
export type Runtime = 'node' | 'browser';

/**
 * 'node' in Node (also in a Node worker), 'browser' everywhere else. Reads `process` only
 * through `globalThis`, so a page without a `process` shim never throws here.
 */
export function currentRuntime(): Runtime {
  const process = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof process?.versions?.node === 'string' ? 'node' : 'browser';
}
