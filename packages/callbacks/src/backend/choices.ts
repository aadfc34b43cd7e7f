import { BackendError } from './backend-error.js';
import type { Runtime } from './runtime.js';

export type BackendChoice = 'auto' | 'node-gpu' | 'node' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export type ConcreteBackendChoice = Exclude<BackendChoice, 'auto'>;

/** What it takes to run on one backend, and where to send the user when it isn't there. */
export interface BackendCandidate {
  readonly choice: ConcreteBackendChoice;
  readonly package: string;
  /** The name the package registers with tfjs-core's engine. */
  readonly tfName: string;
  /** Where it can run: the native packages only in Node, the GPU ones only in a browser. */
  readonly runtimes: readonly Runtime[];
  /** The choice to suggest instead when this one can't load, in the same runtime. */
  readonly alternative: ConcreteBackendChoice;
}

// Fastest first: `auto` walks this list, keeping the runtime's own. Both native packages
// register as 'tensorflow'.
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = Object.freeze([
  { choice: 'node-gpu', package: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow', runtimes: ['node'], alternative: 'wasm' },
  { choice: 'node', package: '@tensorflow/tfjs-node', tfName: 'tensorflow', runtimes: ['node'], alternative: 'wasm' },
  { choice: 'webgpu', package: '@tensorflow/tfjs-backend-webgpu', tfName: 'webgpu', runtimes: ['browser'], alternative: 'webgl' },
  { choice: 'webgl', package: '@tensorflow/tfjs-backend-webgl', tfName: 'webgl', runtimes: ['browser'], alternative: 'wasm' },
  { choice: 'wasm', package: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm', runtimes: ['node', 'browser'], alternative: 'cpu' },
  { choice: 'cpu', package: '@tensorflow/tfjs-backend-cpu', tfName: 'cpu', runtimes: ['node', 'browser'], alternative: 'wasm' },
]);

/** Every name `selectBackend` knows, in the order `auto` tries them. */
export const BACKEND_CHOICES: readonly BackendChoice[] = Object.freeze([
  'auto',
  ...BACKEND_CANDIDATES.map((c) => c.choice),
]);

/** The candidates `auto` tries in `runtime`, fastest first. */
export function candidatesFor(runtime: Runtime): readonly BackendCandidate[] {
  return BACKEND_CANDIDATES.filter((c) => c.runtimes.includes(runtime));
}

/** The choices that make sense in `runtime`: `auto`, then its candidates. */
export function backendChoicesFor(runtime: Runtime): readonly BackendChoice[] {
  return ['auto', ...candidatesFor(runtime).map((c) => c.choice)];
}

/** Node's choices (what a command line or `TFJS_PRUNE_BACKEND` offers). */
export const NODE_BACKEND_CHOICES: readonly BackendChoice[] = Object.freeze(backendChoicesFor('node'));
/** A page's choices. */
export const BROWSER_BACKEND_CHOICES: readonly BackendChoice[] = Object.freeze(backendChoicesFor('browser'));

export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(value);
}

export function candidateFor(choice: ConcreteBackendChoice): BackendCandidate {
  const candidate = BACKEND_CANDIDATES.find((c) => c.choice === choice);
  if (candidate === undefined) throw new Error(`No backend candidate for "${choice}"`);
  return candidate;
}

const WHERE: Readonly<Record<Runtime, string>> = { node: 'in Node', browser: 'in a browser' };

/** A choice `runtime` can use; a known one from the other runtime is named as such. */
export function parseBackendChoice(value: string, runtime: Runtime): BackendChoice {
  const choices = backendChoicesFor(runtime);
  if ((choices as readonly string[]).includes(value)) return value as BackendChoice;
  if (isBackendChoice(value)) {
    const other: Runtime = runtime === 'node' ? 'browser' : 'node';
    throw new BackendError(
      'BACKEND_CHOICE',
      `Backend "${value}" runs only ${WHERE[other]}; ${WHERE[runtime]} choose one of ${choices.join(', ')}`,
    );
  }
  throw new BackendError('BACKEND_CHOICE', `Unknown backend "${value}": expected one of ${choices.join(', ')}`);
}
