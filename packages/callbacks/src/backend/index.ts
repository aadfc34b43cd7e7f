export { BACKEND_CHOICES, type BackendChoice } from './choices.js';
export { BACKEND_ENV_VAR, backendChoiceFromEnv } from './env.js';
export {
  type BackendSelection,
  type SelectBackendOptions,
  describeSelection,
  selectBackend,
} from './select-backend.js';
export type { BackendAttempt, ImportModule } from './try-backend.js';
