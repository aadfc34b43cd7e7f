/**
 * A checkpoint that cannot be written, or must not be resumed from. The message starts with the
 * file or directory at fault and says what is wrong with it (corrupt, truncated, another
 * config, another model), because "resume failed" alone sends people to the wrong place.
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';

  constructor(
    readonly path: string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${path}: ${problem}`, options);
  }
}
