import { TfjsPruneError } from '@tfjs-prune/errors';

/** One way a config does not fit the model, located like a config error. */
export interface BindIssue {
  /** JSON pointer into the config, e.g. `/pruners/0/layers`. */
  readonly pointer: string;
  readonly message: string;
}

/**
 * A valid config that does not fit the model it is asked to prune. Its lines read like
 * `PruningConfigError`'s (`config: /pruners/0/layers: pruner "convs" matches no prunable
 * weight ...`), so the user is sent to the place in the config to change, and the last line
 * lists what the model does offer.
 */
export class PruningBindError extends TfjsPruneError<'CONFIG_DOES_NOT_FIT_MODEL'> {
  override readonly name = 'PruningBindError';

  constructor(
    readonly source: string,
    readonly issues: readonly BindIssue[],
    readonly prunableLayers: string,
  ) {
    const lines = issues.map((issue) => `${source}: ${issue.pointer}: ${issue.message}`);
    super('CONFIG_DOES_NOT_FIT_MODEL', `${lines.join('\n')}\nThe model's prunable layers: ${prunableLayers}`);
  }

  /** The issue texts without their location, one per problem. */
  get problems(): readonly string[] {
    return this.issues.map((issue) => issue.message);
  }
}
