import * as tf from '@tensorflow/tfjs-core';

import {
  BACKEND_CANDIDATES,
  type BackendChoice,
  type BackendCandidate,
  candidateFor,
  parseBackendChoice,
} from './choices.js';
import { type BackendAttempt, type ImportModule, tryBackend } from './try-backend.js';

export interface BackendSelection {
  requested: BackendChoice;
  /** `tf.getBackend()` once selected: `'tensorflow'` for both native packages. */
  backend: string;
  package: string;
  /** Every candidate tried, in order; the last one is `'used'`. */
  attempts: BackendAttempt[];
}

export interface SelectBackendOptions {
  /**
   * Receives the one line saying which backend is in use and why the faster ones were skipped.
   * `false` silences it. Defaults to `console.error`, so the line never mixes into results a
   * script prints on stdout.
   */
  log?: ((line: string) => void) | false;
  /** Defaults to dynamic `import()`; tests pass a fake to simulate missing or broken packages. */
  importModule?: ImportModule;
}

/**
 * Loads a tfjs backend package and makes it the active backend. `'auto'` (the default) tries
 * tfjs-node-gpu, tfjs-node, wasm, then cpu and uses the first that loads; an explicit choice
 * either loads or throws an Error saying what to install.
 *
 * @example
 * const selection = await selectBackend(backendChoiceFromEnv() ?? 'auto');
 * // stderr: tfjs-prune: using backend "wasm" (@tensorflow/tfjs-backend-wasm); @tensorflow/tfjs-node-gpu: not installed; ...
 */
export async function selectBackend(
  choice: BackendChoice | string = 'auto',
  options: SelectBackendOptions = {},
): Promise<BackendSelection> {
  const requested = parseBackendChoice(choice);
  const importModule = options.importModule ?? ((specifier: string) => import(specifier));
  const candidates = requested === 'auto' ? BACKEND_CANDIDATES : [candidateFor(requested)];

  const attempts: BackendAttempt[] = [];
  for (const candidate of candidates) {
    const attempt = await tryBackend(candidate, importModule);
    attempts.push(attempt);
    if (attempt.outcome !== 'used') continue;
    const selection = { requested, backend: tf.getBackend(), package: candidate.package, attempts };
    const log = options.log ?? ((line: string) => console.error(line));
    if (log !== false) log(describeSelection(selection));
    return selection;
  }
  const last = attempts[attempts.length - 1];
  if (requested !== 'auto' && last !== undefined) throw explicitFailure(candidateFor(requested), last);
  throw new Error(
    `No tfjs backend could be loaded: ${attempts.map(describeAttempt).join('; ')}. ` +
      'Install one (npm i @tensorflow/tfjs-backend-wasm).',
  );
}

/** `tfjs-prune: using backend "wasm" (@tensorflow/tfjs-backend-wasm); @tensorflow/tfjs-node: not installed` */
export function describeSelection(selection: BackendSelection): string {
  const skipped = selection.attempts.filter((a) => a.outcome !== 'used').map(describeAttempt);
  return [`tfjs-prune: using backend "${selection.backend}" (${selection.package})`, ...skipped].join('; ');
}

function describeAttempt(attempt: BackendAttempt): string {
  if (attempt.outcome === 'failed') {
    return `${attempt.package}: installed but failed to load (${attempt.reason ?? 'unknown error'})`;
  }
  return `${attempt.package}: ${attempt.outcome === 'used' ? 'used' : 'not installed'}`;
}

function explicitFailure(candidate: BackendCandidate, attempt: BackendAttempt): Error {
  const instead = `or use --backend ${candidate.alternative}.`;
  if (attempt.outcome === 'not-installed') {
    return new Error(
      `Backend "${candidate.choice}" needs ${candidate.package}, which is not installed. ` +
        `Install it (npm i ${candidate.package}) ${instead}`,
    );
  }
  return new Error(
    `Backend "${candidate.choice}" found ${candidate.package} but could not load it: ` +
      `${attempt.reason ?? 'unknown error'}. Reinstall it (npm rebuild ${candidate.package}) ${instead}`,
  );
}
