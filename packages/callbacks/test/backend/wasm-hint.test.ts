import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { selectBackend } from '../../src/backend/index.js';
import { fakeImport, NATIVES_MISSING, notInstalled } from './fake-import.js';

const NOTHING_BUT_CPU = fakeImport({
  ...NATIVES_MISSING,
  '@tensorflow/tfjs-backend-wasm': () => {
    throw notInstalled('@tensorflow/tfjs-backend-wasm');
  },
});

const HINT =
  'tfjs-prune: training on cpu because @tensorflow/tfjs-backend-wasm is not installed; ' +
  'it trains about 6x faster: npm i @tensorflow/tfjs-backend-wasm';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The hint is given once per process, so the cases that must not give it run first. */
describe('the wasm install hint in Node', () => {
  it('is not given for an explicit cpu, nor when wasm is merely broken', async () => {
    const log = vi.fn();
    await selectBackend('cpu', { log, importModule: NOTHING_BUT_CPU });
    await selectBackend('auto', {
      log,
      importModule: fakeImport({
        ...NATIVES_MISSING,
        '@tensorflow/tfjs-backend-wasm': () => {
          throw new Error('wasm: out of memory');
        },
      }),
    });
    expect(log.mock.calls.flat().filter((line) => line === HINT)).toEqual([]);
  });

  it('is given once, with the install command, when auto falls back to cpu for want of wasm', async () => {
    const log = vi.fn();
    await selectBackend('auto', { log, importModule: NOTHING_BUT_CPU });
    await selectBackend('auto', { log, importModule: NOTHING_BUT_CPU });

    const selected =
      'tfjs-prune: using backend "cpu" (@tensorflow/tfjs-backend-cpu); @tensorflow/tfjs-node-gpu: not installed; ' +
      '@tensorflow/tfjs-node: not installed; @tensorflow/tfjs-backend-wasm: not installed';
    expect(log.mock.calls).toEqual([[selected], [HINT], [selected]]);
    expect(tf.getBackend()).toBe('cpu');
  });
});
