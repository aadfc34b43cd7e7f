import type { BackendChoice } from './choices.js';
import type { BackendAttempt } from './try-backend.js';

/** What `selectBackend` chose and every candidate it tried; shared by the selector and its hints. */
export interface BackendSelection {
  requested: BackendChoice;
  /** `tf.getBackend()` once selected: `'tensorflow'` for both native packages. */
  backend: string;
  package: string;
  /** Every candidate tried, in order; the last one is `'used'`. */
  attempts: BackendAttempt[];
}
