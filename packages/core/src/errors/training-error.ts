import { TfjsPruneError } from '@tfjs-prune/errors';

export type TrainingErrorCode =
  /** Regularization strength is not a positive finite number. */
  | 'invalid-regularization'
  /** group-l1 regularization needs a granularity with groups. */
  | 'regularization-needs-groups'
  /** The optimizer exposes no numeric learning rate. */
  | 'no-learning-rate'
  /** Calibration gradients need a compiled model. */
  | 'model-not-compiled'
  /** Calibration data does not match the model's outputs. */
  | 'calibration-mismatch';

/** Thrown by the pieces that run beside the optimizer: regularization and calibration. */
export class TrainingError extends TfjsPruneError<TrainingErrorCode> {
  override readonly name = 'TrainingError';

  constructor(code: TrainingErrorCode, message: string) {
    super(code, message);
  }
}
