import { TfjsPruneError } from '@tfjs-prune/errors';

export type DistillationErrorCode = 'DISTILLATION_INVALID_OPTION' | 'DISTILLATION_SHAPE_MISMATCH' | 'DISTILLATION_NOT_COMPILED';

/** Distillation cannot run as asked: an option out of range, a teacher whose output does not fit the student. */
export class DistillationError extends TfjsPruneError<DistillationErrorCode> {
  override readonly name = 'DistillationError';
}
