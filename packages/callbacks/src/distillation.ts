/*
 * @tfjs-prune/callbacks/distillation: recovering accuracy with a teacher's soft targets. Its own
 * entry, so a page that only prunes does not carry it.
 */
export { type DistillationErrorCode, DistillationError } from './distillation/distillation-error.js';
export { type DistillationLossArgs, distillationLoss } from './distillation/distillation-loss.js';
export { type DistillationArgs, fitWithDistillation } from './distillation/fit-with-distillation.js';
