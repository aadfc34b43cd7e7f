import * as tf from '@tensorflow/tfjs-core';

import type { BackendCandidate, BackendChoice } from './choices.js';
import { firstLine, isPackageNotFound } from './module-not-found.js';

export interface BackendAttempt {
  choice: BackendChoice;
  package: string;
  outcome: 'used' | 'not-installed' | 'failed';
  /** First line of what went wrong; absent when `outcome` is `'used'` or `'not-installed'`. */
  reason?: string;
}

export type ImportModule = (specifier: string) => Promise<unknown>;

/**
 * Imports the candidate's package (which registers its backend as a side effect) and makes it
 * the active tfjs backend. Never throws: the caller decides whether a failure is fatal.
 */
export async function tryBackend(
  candidate: BackendCandidate,
  importModule: ImportModule,
): Promise<BackendAttempt> {
  const attempt = { choice: candidate.choice, package: candidate.package };
  try {
    await importModule(candidate.package);
  } catch (error) {
    return isPackageNotFound(error, candidate.package)
      ? { ...attempt, outcome: 'not-installed' }
      : { ...attempt, outcome: 'failed', reason: firstLine(error) };
  }
  if (tf.findBackendFactory(candidate.tfName) === null) {
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
