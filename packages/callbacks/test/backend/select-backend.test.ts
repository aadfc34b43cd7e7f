import '@tensorflow/tfjs-backend-cpu';

import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { BackendError, selectBackend } from '../../src/backend/index.js';
import { NATIVES_MISSING, fakeImport, notInstalled } from './fake-import.js';

afterEach(async () => {
  await tf.setBackend('cpu');
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  vi.restoreAllMocks();
});

describe('selectBackend("auto")', () => {
  it('picks wasm when both native packages are missing, and says so in one line', async () => {
    const log = vi.fn();
    const selection = await selectBackend('auto', { log, importModule: fakeImport(NATIVES_MISSING) });

    expect(tf.getBackend()).toBe('wasm');
    expect(selection).toEqual({
      requested: 'auto',
      backend: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      attempts: [
        { choice: 'node-gpu', package: '@tensorflow/tfjs-node-gpu', outcome: 'not-installed' },
        { choice: 'node', package: '@tensorflow/tfjs-node', outcome: 'not-installed' },
        { choice: 'wasm', package: '@tensorflow/tfjs-backend-wasm', outcome: 'used' },
      ],
    });
    expect(log.mock.calls).toEqual([
      [
        'tfjs-prune: using backend "wasm" (@tensorflow/tfjs-backend-wasm); ' +
          '@tensorflow/tfjs-node-gpu: not installed; @tensorflow/tfjs-node: not installed',
      ],
    ]);
    // The wasm binary really loaded from the package folder: it computes.
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1)).dataSync())).toEqual([2, 3]);
  });

  it('reports an installed-but-broken native package and falls back', async () => {
    const log = vi.fn();
    const selection = await selectBackend('auto', {
      log,
      importModule: fakeImport({
        ...NATIVES_MISSING,
        '@tensorflow/tfjs-node': () => {
          throw new Error('libtensorflow.so.2: cannot open shared object file\n    at Module._extensions..node');
        },
      }),
    });

    expect(selection.backend).toBe('wasm');
    expect(selection.attempts[1]).toEqual({
      choice: 'node',
      package: '@tensorflow/tfjs-node',
      outcome: 'failed',
      reason: 'libtensorflow.so.2: cannot open shared object file',
    });
    expect(log).toHaveBeenCalledWith(
      'tfjs-prune: using backend "wasm" (@tensorflow/tfjs-backend-wasm); ' +
        '@tensorflow/tfjs-node-gpu: not installed; ' +
        '@tensorflow/tfjs-node: installed but failed to load (libtensorflow.so.2: cannot open shared object file)',
    );
  });

  /** A dependency missing INSIDE tfjs-node names tfjs-node in its "imported from" path. */
  it('treats a missing dependency of the package as broken, not as not-installed', async () => {
    const selection = await selectBackend('auto', {
      log: false,
      importModule: fakeImport({
        ...NATIVES_MISSING,
        '@tensorflow/tfjs-node': () => {
          throw Object.assign(
            new Error("Cannot find package '@mapbox/node-pre-gyp' imported from /app/node_modules/@tensorflow/tfjs-node/dist/index.js"),
            { code: 'ERR_MODULE_NOT_FOUND' },
          );
        },
      }),
    });
    expect(selection.attempts[1]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('@mapbox/node-pre-gyp') });
  });

  it('uses a native package when it registers the "tensorflow" backend', async () => {
    const log = vi.fn();
    const selection = await selectBackend('auto', {
      log,
      importModule: fakeImport({
        '@tensorflow/tfjs-node-gpu': () => tf.registerBackend('tensorflow', () => new MathBackendCPU()),
      }),
    });
    expect(selection).toMatchObject({ backend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu' });
    expect(log).toHaveBeenCalledWith('tfjs-prune: using backend "tensorflow" (@tensorflow/tfjs-node-gpu)');
  });

  /** tfjs-node brings its own @tensorflow/tfjs; a second tfjs-core copy never sees its backend. */
  it('explains a native package that loads but registers on another tfjs-core', async () => {
    const selection = await selectBackend('auto', {
      log: false,
      importModule: fakeImport({ ...NATIVES_MISSING, '@tensorflow/tfjs-node': () => ({}) }),
    });
    expect(selection.attempts[1]?.reason).toMatch(/no "tensorflow" backend is registered with this copy/);
  });

  it('reports tf.setBackend returning false', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const selection = await selectBackend('auto', {
      log: false,
      importModule: fakeImport({
        ...NATIVES_MISSING,
        '@tensorflow/tfjs-node': () =>
          tf.registerBackend('tensorflow', () => {
            throw new Error('no GPU');
          }),
      }),
    });
    expect(selection.backend).toBe('wasm');
    expect(selection.attempts[1]?.reason).toBe(
      "tf.setBackend('tensorflow') returned false (see the tfjs warning above)",
    );
  });
});

describe('selectBackend(explicit)', () => {
  it('throws what to install when the package is missing', async () => {
    await expect(selectBackend('node', { log: false, importModule: fakeImport(NATIVES_MISSING) })).rejects.toThrow(
      new BackendError(
        'BACKEND_MISSING',
        'Backend "node" needs @tensorflow/tfjs-node, which is not installed. ' +
          "Install it (npm i @tensorflow/tfjs-node) or choose 'wasm' instead.",
      ),
    );
  });

  it('throws with the load error when the package is broken', async () => {
    const importModule = fakeImport({
      '@tensorflow/tfjs-node-gpu': () => {
        throw new Error('libcudnn.so.8: cannot open shared object file');
      },
    });
    await expect(selectBackend('node-gpu', { log: false, importModule })).rejects.toThrow(
      'Backend "node-gpu" found @tensorflow/tfjs-node-gpu but could not load it: ' +
        'libcudnn.so.8: cannot open shared object file. ' +
        "Reinstall it (npm rebuild @tensorflow/tfjs-node-gpu) or choose 'wasm' instead.",
    );
  });

  it('uses cpu without trying anything else', async () => {
    await tf.setBackend('wasm').catch(() => false);
    const log = vi.fn();
    const importModule = vi.fn((specifier: string) => import(specifier));
    const selection = await selectBackend('cpu', { log, importModule });

    expect(tf.getBackend()).toBe('cpu');
    expect(importModule.mock.calls).toEqual([['@tensorflow/tfjs-backend-cpu']]);
    expect(selection.attempts).toEqual([{ choice: 'cpu', package: '@tensorflow/tfjs-backend-cpu', outcome: 'used' }]);
    expect(log).toHaveBeenCalledWith('tfjs-prune: using backend "cpu" (@tensorflow/tfjs-backend-cpu)');
  });

  it('rejects an unknown name before importing anything', async () => {
    const importModule = vi.fn();
    await expect(selectBackend('gpu', { importModule })).rejects.toThrow(
      new BackendError('BACKEND_CHOICE', 'Unknown backend "gpu": expected one of auto, node-gpu, node, wasm, cpu'),
    );
    expect(importModule).not.toHaveBeenCalled();
  });

  it('refuses a browser backend in Node, naming the runtime and Node\'s choices', async () => {
    const importModule = vi.fn();
    await expect(selectBackend('webgl', { importModule })).rejects.toMatchObject({
      name: 'BackendError',
      code: 'BACKEND_CHOICE',
      message: 'Backend "webgl" runs only in a browser; in Node choose one of auto, node-gpu, node, wasm, cpu',
    });
    expect(importModule).not.toHaveBeenCalled();
  });

  it('logs to console.error by default', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await selectBackend('cpu');
    expect(error).toHaveBeenCalledWith('tfjs-prune: using backend "cpu" (@tensorflow/tfjs-backend-cpu)');
  });
});

describe('auto with nothing loadable', () => {
  it('lists every attempt', async () => {
    const importModule = async (specifier: string) => {
      throw notInstalled(specifier);
    };
    await expect(selectBackend(undefined, { log: false, importModule })).rejects.toThrow(
      'No tfjs backend could be loaded: @tensorflow/tfjs-node-gpu: not installed; @tensorflow/tfjs-node: not installed; ' +
        '@tensorflow/tfjs-backend-wasm: not installed; @tensorflow/tfjs-backend-cpu: not installed. ' +
        'Install one (npm i @tensorflow/tfjs-backend-wasm).',
    );
  });
});
