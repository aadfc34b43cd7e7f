export { isTfjsPruneError, TfjsPruneError } from './tfjs-prune-error.js';
