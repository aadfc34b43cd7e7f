import { TfjsPruneError } from '@tfjs-prune/errors';

export type TrainingErrorCode =
  /** Regularization strength is not a positive finite number. */
  | 'INVALID_REGULARIZATION'
  /** group-l1 regularization needs a granularity with groups. */
  | 'REGULARIZATION_NEEDS_GROUPS'
  /** group-l1 with "structured" needs the pruner's channel groups. */
  | 'REGULARIZATION_NEEDS_CHANNELS'
  /** The optimizer exposes no numeric learning rate. */
  | 'NO_LEARNING_RATE'
  /** Calibration gradients need a compiled model. */
  | 'MODEL_NOT_COMPILED'
  /** Calibration data does not match the model's outputs. */
  | 'CALIBRATION_MISMATCH';

/** Thrown by the pieces that run beside the optimizer: regularization and calibration. */
export class TrainingError extends TfjsPruneError<TrainingErrorCode> {
  override readonly name = 'TrainingError';
}
