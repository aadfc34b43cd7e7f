import { BACKEND_CHOICES, type BackendChoice, isBackendChoice } from './choices.js';

export const BACKEND_ENV_VAR = 'TFJS_PRUNE_BACKEND';

/**
 * The backend named by `TFJS_PRUNE_BACKEND`, or `undefined` when it is unset or blank. Case and
 * surrounding spaces are forgiven; any other value throws rather than silently meaning `auto`.
 */
export function backendChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice | undefined {
  const raw = env[BACKEND_ENV_VAR];
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (isBackendChoice(value)) return value;
  throw new Error(
    `${BACKEND_ENV_VAR}="${raw ?? ''}" is not a backend: expected one of ${BACKEND_CHOICES.join(', ')}`,
  );
}
