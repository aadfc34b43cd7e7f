import * as tf from '@tensorflow/tfjs-core';

import type { BackendCandidate, BackendChoice } from './choices.js';
import { firstLine, isPackageNotFound } from './module-not-found.js';
import type { Runtime } from './runtime.js';

export interface BackendAttempt {
  choice: BackendChoice;
  package: string;
  /**
   * `not-installed`: Node could not find the package. `not-bundled`: the page never imported it,
   * so its backend is not registered.
   */
  outcome: 'used' | 'not-installed' | 'not-bundled' | 'failed';
  /** First line of what went wrong; present only when `outcome` is `'failed'`. */
  reason?: string;
}

export type ImportModule = (specifier: string) => Promise<unknown>;

/**
 * Makes the candidate the active tfjs backend. In Node its package is imported first (it
 * registers the backend as a side effect). A page cannot import a bare package name at run time,
 * so there the backend must already be registered by an import in the bundle, unless the caller
 * passes `importModule`. Never throws: the caller decides whether a failure is fatal.
 */
export async function tryBackend(
  candidate: BackendCandidate,
  runtime: Runtime,
  importModule: ImportModule | undefined,
): Promise<BackendAttempt> {
  const attempt = { choice: candidate.choice, package: candidate.package };
  const registered = () => tf.findBackendFactory(candidate.tfName) !== null;
  if (runtime === 'node' || (!registered() && importModule !== undefined)) {
    try {
      await (importModule ?? importPackage)(candidate.package);
    } catch (error) {
      return isPackageNotFound(error, candidate.package)
        ? { ...attempt, outcome: 'not-installed' }
        : { ...attempt, outcome: 'failed', reason: firstLine(error) };
    }
  }
  if (!registered()) {
    if (runtime === 'browser') return { ...attempt, outcome: 'not-bundled' };
    // tfjs-node registers on the tfjs-core that its own @tensorflow/tfjs pulls in; a second copy
    // of tfjs-core in node_modules leaves ours without the backend.
    return {
      ...attempt,
      outcome: 'failed',
      reason:
        `loaded, but no "${candidate.tfName}" backend is registered with this copy of ` +
        '@tensorflow/tfjs-core (are two versions of @tensorflow/tfjs-core installed?)',
    };
  }
  if (candidate.choice === 'webgpu' && !hasWebGpu()) {
    // tfjs would only warn and return false; the missing API is the reason worth naming.
    return { ...attempt, outcome: 'failed', reason: 'this browser has no WebGPU (navigator.gpu is undefined)' };
  }
  try {
    if (await tf.setBackend(candidate.tfName)) return { ...attempt, outcome: 'used' };
    // tfjs has already logged the cause with console.warn; it does not hand it to us.
    return {
      ...attempt,
      outcome: 'failed',
      reason: `tf.setBackend('${candidate.tfName}') returned false (see the tfjs warning above)`,
    };
  } catch (error) {
    return { ...attempt, outcome: 'failed', reason: firstLine(error) };
  }
}

function importPackage(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

function hasWebGpu(): boolean {
  return (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !== undefined;
}
