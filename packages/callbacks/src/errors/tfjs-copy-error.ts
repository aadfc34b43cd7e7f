import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * The model comes from another copy of TensorFlow.js than the one tfjs-prune was installed
 * with. Without this check, `fit` fails far away with `TypeError: this.attach is not a
 * function` (the other copy does not recognise our callback as a callback).
 */
export class TfjsCopyError extends TfjsPruneError<'DUPLICATE_TFJS'> {
  override readonly name = 'TfjsCopyError';

  constructor(
    readonly ours: string,
    /** Undefined when the other copy's version cannot be read (a fit of the other copy calls our hooks). */
    readonly theirs: string | undefined,
  ) {
    const other =
      theirs === undefined
        ? 'another copy of @tensorflow/tfjs-layers (`npm ls @tensorflow/tfjs-layers` lists every installed copy and its version)'
        : `@tensorflow/tfjs-layers ${theirs}`;
    super(
      'DUPLICATE_TFJS',
      `two copies of TensorFlow.js are loaded: tfjs-prune uses @tensorflow/tfjs-layers ${ours}, but the model comes from ` +
        `${other}, and tfjs cannot train across copies. Keep one copy: install versions that agree ` +
        '(@tensorflow/tfjs ^4.22 beside tfjs-prune), or force one with "overrides" in package.json ' +
        '(npm: "overrides": {"@tensorflow/tfjs-core": "<version>", "@tensorflow/tfjs-layers": "<version>"}; ' +
        'pnpm: the same under "pnpm": {"overrides": ...}), then reinstall (npm dedupe / pnpm install)',
    );
  }
}
