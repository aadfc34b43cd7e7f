import { BackendError } from './backend-error.js';
import { type BackendChoice, isBackendChoice, NODE_BACKEND_CHOICES } from './choices.js';

export const BACKEND_ENV_VAR = 'TFJS_PRUNE_BACKEND';

type Env = Readonly<Record<string, string | undefined>>;

/** `process.env` where there is one; a page has none, and reading `process` there throws. */
function processEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/**
 * The backend named by `TFJS_PRUNE_BACKEND`, or `undefined` when it is unset or blank (always,
 * in a browser). Case and surrounding spaces are forgiven; any other value throws rather than
 * silently meaning `auto`.
 */
export function backendChoiceFromEnv(env: Env = processEnv()): BackendChoice | undefined {
  const raw = env[BACKEND_ENV_VAR];
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (isBackendChoice(value)) return value;
  throw new BackendError(
    'BACKEND_CHOICE',
    `${BACKEND_ENV_VAR}="${raw ?? ''}" is not a backend: expected one of ${NODE_BACKEND_CHOICES.join(', ')}`,
  );
}
