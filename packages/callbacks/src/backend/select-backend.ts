import * as tf from '@tensorflow/tfjs-core';

import { BackendError } from './backend-error.js';
import {
  type BackendChoice,
  type BackendCandidate,
  candidateFor,
  candidatesFor,
  parseBackendChoice,
} from './choices.js';
import { currentRuntime, type Runtime } from './runtime.js';
import { type BackendAttempt, type ImportModule, tryBackend } from './try-backend.js';
import type { BackendSelection } from './backend-selection.js';
import { wasmHint } from './wasm-hint.js';


export interface SelectBackendOptions {
  /**
   * Receives the one line saying which backend is in use and why the faster ones were skipped.
   * `false` silences it. Defaults to `console.error`, so the line never mixes into results a
   * script prints on stdout.
   */
  log?: ((line: string) => void) | false;
  /**
   * Loads a backend package. Defaults to dynamic `import()` in Node; in a browser to nothing:
   * import the backends you ship in your bundle (`import '@tensorflow/tfjs-backend-webgl'`), or
   * pass a loader such as `(name) => loaders[name]()` to fetch them on demand.
   */
  importModule?: ImportModule;
  /** Which backends apply. Defaults to where the code runs (Node when `process.versions.node` is set). */
  runtime?: Runtime;
}

/**
 * Makes a tfjs backend the active one. `'auto'` (the default) takes the fastest that works:
 * in Node tfjs-node-gpu, tfjs-node, wasm, cpu; in a browser webgpu, webgl, wasm, cpu. An
 * explicit choice either works or throws a BackendError saying what to install. When it picks wasm
 * it also registers the training kernels wasm lacks (`registerWasmTrainingKernels` from
 * `@tfjs-prune/core/wasm-training`), so conv nets train there.
 *
 * @example
 * import '@tensorflow/tfjs-backend-webgl';          // in a page: the backends you ship
 * const selection = await selectBackend('auto');
 * // console: tfjs-prune: using backend "webgl" (@tensorflow/tfjs-backend-webgl); @tensorflow/tfjs-backend-webgpu: not in the page
 */
export async function selectBackend(
  choice: BackendChoice | string = 'auto',
  options: SelectBackendOptions = {},
): Promise<BackendSelection> {
  const runtime = options.runtime ?? currentRuntime();
  const requested = parseBackendChoice(choice, runtime);
  const candidates = requested === 'auto' ? candidatesFor(runtime) : [candidateFor(requested)];

  const attempts: BackendAttempt[] = [];
  for (const candidate of candidates) {
    const attempt = await tryBackend(candidate, runtime, options.importModule);
    attempts.push(attempt);
    if (attempt.outcome !== 'used') continue;
    // Stock wasm cannot train conv nets (no convolution filter or depthwise gradients). Loaded on
    // demand: a page that never picks wasm never fetches the kernels (a lazy chunk when bundled).
    if (tf.getBackend() === 'wasm') (await import('@tfjs-prune/core/wasm-training')).registerWasmTrainingKernels();
    const selection = { requested, backend: tf.getBackend(), package: candidate.package, attempts };
    const log = options.log ?? ((line: string) => console.error(line));
    if (log !== false) {
      log(describeSelection(selection));
      const hint = runtime === 'node' ? wasmHint(selection) : undefined;
      if (hint !== undefined) log(hint);
    }
    return selection;
  }
  const last = attempts[attempts.length - 1];
  if (requested !== 'auto' && last !== undefined) throw explicitFailure(candidateFor(requested), last, runtime);
  const suggested = runtime === 'node' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs-backend-webgl';
  throw new BackendError(
    'BACKEND_NONE',
    `No tfjs backend could be loaded: ${attempts.map(describeAttempt).join('; ')}. ` +
      `Install one (npm i ${suggested})${runtime === 'node' ? '' : ' and import it in the page'}.`,
  );
}

/** `tfjs-prune: using backend "wasm" (@tensorflow/tfjs-backend-wasm); @tensorflow/tfjs-node: not installed` */
export function describeSelection(selection: BackendSelection): string {
  const skipped = selection.attempts.filter((a) => a.outcome !== 'used').map(describeAttempt);
  return [`tfjs-prune: using backend "${selection.backend}" (${selection.package})`, ...skipped].join('; ');
}

function describeAttempt(attempt: BackendAttempt): string {
  switch (attempt.outcome) {
    case 'failed':
      return `${attempt.package}: installed but failed to load (${attempt.reason ?? 'unknown error'})`;
    case 'not-bundled':
      return `${attempt.package}: not in the page`;
    case 'not-installed':
      return `${attempt.package}: not installed`;
    case 'used':
      return `${attempt.package}: used`;
  }
}

function explicitFailure(candidate: BackendCandidate, attempt: BackendAttempt, runtime: Runtime): BackendError {
  const instead = `or choose '${candidate.alternative}' instead.`;
  if (attempt.outcome === 'not-installed') {
    return new BackendError(
      'BACKEND_MISSING',
      `Backend "${candidate.choice}" needs ${candidate.package}, which is not installed. ` +
        `Install it (npm i ${candidate.package}) ${instead}`,
    );
  }
  if (attempt.outcome === 'not-bundled') {
    return new BackendError(
      'BACKEND_MISSING',
      `Backend "${candidate.choice}" needs ${candidate.package} in the page: ` +
        `add import '${candidate.package}' to your bundle (npm i ${candidate.package}) ${instead}`,
    );
  }
  return new BackendError(
    'BACKEND_FAILED',
    `Backend "${candidate.choice}" found ${candidate.package} but could not load it: ` +
      `${attempt.reason ?? 'unknown error'}. ${repair(candidate, runtime)} ${instead}`,
  );
}

/** In Node a broken package is rebuilt; in a page the browser or the served files are at fault. */
function repair(candidate: BackendCandidate, runtime: Runtime): string {
  if (runtime === 'node') return `Reinstall it (npm rebuild ${candidate.package})`;
  if (candidate.choice === 'wasm') return "Check that setWasmPaths() points at the served .wasm files";
  return 'Check that this browser supports it';
}
