export type BackendChoice = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** Every accepted `--backend` / `TFJS_PRUNE_BACKEND` value, in the order `auto` tries them. */
export const BACKEND_CHOICES: readonly BackendChoice[] = Object.freeze([
  'auto',
  'node-gpu',
  'node',
  'wasm',
  'cpu',
]);

export type ConcreteBackendChoice = Exclude<BackendChoice, 'auto'>;

/** What it takes to run on one backend, and where to send the user when it isn't there. */
export interface BackendCandidate {
  readonly choice: ConcreteBackendChoice;
  readonly package: string;
  /** The name the package registers with tfjs-core's engine. */
  readonly tfName: string;
  /** The choice to suggest instead when this one can't load. */
  readonly alternative: ConcreteBackendChoice;
}

// Fastest first: `auto` walks this list. Both native packages register as 'tensorflow'.
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = Object.freeze([
  { choice: 'node-gpu', package: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow', alternative: 'wasm' },
  { choice: 'node', package: '@tensorflow/tfjs-node', tfName: 'tensorflow', alternative: 'wasm' },
  { choice: 'wasm', package: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm', alternative: 'cpu' },
  { choice: 'cpu', package: '@tensorflow/tfjs-backend-cpu', tfName: 'cpu', alternative: 'wasm' },
]);

export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(value);
}

export function candidateFor(choice: ConcreteBackendChoice): BackendCandidate {
  const candidate = BACKEND_CANDIDATES.find((c) => c.choice === choice);
  if (candidate === undefined) throw new Error(`No backend candidate for "${choice}"`);
  return candidate;
}

export function parseBackendChoice(value: string): BackendChoice {
  if (isBackendChoice(value)) return value;
  throw new Error(`Unknown backend "${value}": expected one of ${BACKEND_CHOICES.join(', ')}`);
}
