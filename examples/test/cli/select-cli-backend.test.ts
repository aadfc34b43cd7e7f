import { describe, expect, it } from 'vitest';

import { selectCliBackend } from '../../src/cli/select-cli-backend.js';

describe('selectCliBackend', () => {
  /** The library speaks to code ("choose 'wasm'"); only the command line knows its flag. */
  it("adds the command line's flag to the library's message", async () => {
    const missing = async (specifier: string) => {
      throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    await expect(selectCliBackend('node', { log: false, importModule: missing })).rejects.toThrow(
      'Backend "node" needs @tensorflow/tfjs-node, which is not installed. ' +
        "Install it (npm i @tensorflow/tfjs-node) or choose 'wasm' instead. " +
        'From the command line: --backend auto|node-gpu|node|wasm|cpu or TFJS_PRUNE_BACKEND.',
    );
  });
});
