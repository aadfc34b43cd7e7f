export { BackendError, type BackendErrorCode } from './backend-error.js';
export {
  BACKEND_CHOICES,
  type BackendChoice,
  BROWSER_BACKEND_CHOICES,
  NODE_BACKEND_CHOICES,
} from './choices.js';
export { BACKEND_ENV_VAR, backendChoiceFromEnv } from './env.js';
export type { Runtime } from './runtime.js';
export type { BackendSelection } from './backend-selection.js';
export {
  type SelectBackendOptions,
  describeSelection,
  selectBackend,
} from './select-backend.js';
export type { BackendAttempt, ImportModule } from './try-backend.js';
