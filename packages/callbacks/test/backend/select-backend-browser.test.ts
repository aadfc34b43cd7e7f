import '@tensorflow/tfjs-backend-cpu';

import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { backendChoiceFromEnv, selectBackend } from '../../src/backend/index.js';
import { currentRuntime } from '../../src/backend/runtime.js';

/**
 * The browser half of selectBackend, run in Node with `runtime: 'browser'`. A page registers
 * backends by importing them in its bundle; here a cpu backend registered under the GPU names
 * stands in for those imports.
 */
const fakeBackend = (name: string) => tf.registerBackend(name, () => new MathBackendCPU());

afterEach(async () => {
  await tf.setBackend('cpu');
  for (const name of ['webgpu', 'webgl', 'wasm']) if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
  vi.restoreAllMocks();
});

describe('selectBackend in a browser', () => {
  it('auto: webgl when the page bundles it, saying webgpu is not in the page', async () => {
    fakeBackend('webgl');
    const log = vi.fn();
    const selection = await selectBackend('auto', { runtime: 'browser', log });

    expect(tf.getBackend()).toBe('webgl');
    expect(selection).toEqual({
      requested: 'auto',
      backend: 'webgl',
      package: '@tensorflow/tfjs-backend-webgl',
      attempts: [
        { choice: 'webgpu', package: '@tensorflow/tfjs-backend-webgpu', outcome: 'not-bundled' },
        { choice: 'webgl', package: '@tensorflow/tfjs-backend-webgl', outcome: 'used' },
      ],
    });
    expect(log.mock.calls).toEqual([
      ['tfjs-prune: using backend "webgl" (@tensorflow/tfjs-backend-webgl); @tensorflow/tfjs-backend-webgpu: not in the page'],
    ]);
  });

  it('auto: skips a bundled webgpu when the browser has no navigator.gpu, and explains it', async () => {
    fakeBackend('webgpu');
    fakeBackend('webgl');
    const selection = await selectBackend('auto', { runtime: 'browser', log: false });
    expect(selection.backend).toBe('webgl');
    expect(selection.attempts[0]).toEqual({
      choice: 'webgpu',
      package: '@tensorflow/tfjs-backend-webgpu',
      outcome: 'failed',
      reason: 'this browser has no WebGPU (navigator.gpu is undefined)',
    });
  });

  it('auto: walks webgpu, webgl, wasm down to cpu, each skip named', async () => {
    const log = vi.fn();
    const selection = await selectBackend('auto', { runtime: 'browser', log });
    expect(selection.attempts.map((a) => [a.choice, a.outcome])).toEqual([
      ['webgpu', 'not-bundled'],
      ['webgl', 'not-bundled'],
      ['wasm', 'not-bundled'],
      ['cpu', 'used'],
    ]);
    expect(log).toHaveBeenCalledWith(
      'tfjs-prune: using backend "cpu" (@tensorflow/tfjs-backend-cpu); @tensorflow/tfjs-backend-webgpu: not in the page; ' +
        '@tensorflow/tfjs-backend-webgl: not in the page; @tensorflow/tfjs-backend-wasm: not in the page',
    );
    // Only Node gets the wasm install hint: a page chooses its backends when it is bundled.
    expect(log).toHaveBeenCalledOnce();
  });

  it('loads a backend that is not registered through the importModule it is given', async () => {
    const importModule = vi.fn(async (specifier: string) => {
      if (specifier === '@tensorflow/tfjs-backend-webgl') fakeBackend('webgl');
      else throw new Error(`no loader for ${specifier}`);
    });
    const selection = await selectBackend('webgl', { runtime: 'browser', log: false, importModule });
    expect(selection.backend).toBe('webgl');
    expect(importModule.mock.calls).toEqual([['@tensorflow/tfjs-backend-webgl']]);
  });

  it('explicit: says which import the page lacks', async () => {
    await expect(selectBackend('webgl', { runtime: 'browser', log: false })).rejects.toMatchObject({
      code: 'BACKEND_MISSING',
      message:
        'Backend "webgl" needs @tensorflow/tfjs-backend-webgl in the page: add import ' +
        "'@tensorflow/tfjs-backend-webgl' to your bundle (npm i @tensorflow/tfjs-backend-webgl) or choose 'wasm' instead.",
    });
  });

  it('explicit: a wasm backend that cannot start points at setWasmPaths', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    tf.registerBackend('wasm', () => {
      throw new Error('failed to fetch tfjs-backend-wasm-simd.wasm');
    });
    await expect(selectBackend('wasm', { runtime: 'browser', log: false })).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message:
        'Backend "wasm" found @tensorflow/tfjs-backend-wasm but could not load it: ' +
        "tf.setBackend('wasm') returned false (see the tfjs warning above). " +
        "Check that setWasmPaths() points at the served .wasm files or choose 'cpu' instead.",
    });
  });

  it.each([
    ['node', 'Backend "node" runs only in Node; in a browser choose one of auto, webgpu, webgl, wasm, cpu'],
    ['gpu', 'Unknown backend "gpu": expected one of auto, webgpu, webgl, wasm, cpu'],
  ])('refuses %s with the browser\'s choices', async (choice, message) => {
    await expect(selectBackend(choice, { runtime: 'browser' })).rejects.toMatchObject({ code: 'BACKEND_CHOICE', message });
  });

  it('nothing loadable: suggests the webgl package and importing it', async () => {
    const importModule = async (specifier: string) => {
      throw new Error(`Cannot find package '${specifier}'`);
    };
    tf.removeBackend('cpu');
    try {
      await expect(selectBackend('auto', { runtime: 'browser', log: false, importModule })).rejects.toMatchObject({
        code: 'BACKEND_NONE',
        message: expect.stringMatching(/\. Install one \(npm i @tensorflow\/tfjs-backend-webgl\) and import it in the page\.$/),
      });
    } finally {
      tf.registerBackend('cpu', () => new MathBackendCPU());
    }
  });
});

/** A bundle for a page has no `process`; reading it there throws a ReferenceError. */
describe('without a process global', () => {
  it('detects the browser and reads no environment variable', () => {
    const saved = globalThis.process;
    let seen: unknown[];
    try {
      // Synchronous on purpose: nothing else may run while `process` is gone.
      Reflect.deleteProperty(globalThis, 'process');
      seen = [currentRuntime(), backendChoiceFromEnv()];
    } finally {
      globalThis.process = saved;
    }
    expect(seen).toEqual(['browser', undefined]);
  });
});
