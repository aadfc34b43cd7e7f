import { TfjsPruneError } from '@tfjs-prune/errors';

export type BackendErrorCode =
  /** The name is no backend at all, or belongs to the other runtime (`node` in a page). */
  | 'BACKEND_CHOICE'
  /** An explicitly chosen backend is not installed (Node) or not in the page (browser). */
  | 'BACKEND_MISSING'
  /** An explicitly chosen backend is there but failed to load or initialise. */
  | 'BACKEND_FAILED'
  /** `auto` found nothing that loads. */
  | 'BACKEND_NONE';

/** Why selectBackend could not give the caller the backend they asked for. */
export class BackendError extends TfjsPruneError<BackendErrorCode> {
  override readonly name = 'BackendError';
}
