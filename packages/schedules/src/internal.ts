// `@tfjs-prune/schedules/internal`: what @tfjs-prune/callbacks takes from schedules beyond the
// public entry. Not for users and not covered by semver. Tests import these from their files.
export { unitOf } from './schedule.js';
export { TARGET_PROGRESS_SPARSITY, targetParts, withProgressStandIn } from './budget-target.js';
