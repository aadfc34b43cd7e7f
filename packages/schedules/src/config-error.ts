import { TfjsPruneError } from '@tfjs-prune/errors';
import { normalizeIssues, type ConfigIssue } from './issues.js';

/**
 * What went wrong, for programs to branch on:
 * - `CONFIG_INVALID`: the value breaks the schema or a cross-field rule (each issue has a pointer);
 * - `CONFIG_INVALID_JSON`: the text is not JSON (the issue names line and column);
 * - `CONFIG_UNREADABLE`: the file could not be read (`cause` is the file system's error).
 */
export type PruningConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_INVALID_JSON' | 'CONFIG_UNREADABLE';

export interface PruningConfigErrorOptions {
  /** Defaults to "CONFIG_INVALID". The other two concern the file itself, not a place in it. */
  code?: PruningConfigErrorCode;
  cause?: unknown;
}

/**
 * Everything wrong with a config, found at once. `message` has one line per issue:
 * `<source>: <pointer> <message>`, e.g.
 * `prune.json: /pruners/0/schedule/finalSparsity must be < 1 (got 1.5)`.
 * The document root is shown as `/`. Issues are de-duplicated and sorted by pointer. When the
 * file itself is at fault (unreadable, not JSON) the lines carry no pointer:
 * `prune.json: invalid JSON at line 3, column 14: ...`.
 */
export class PruningConfigError extends TfjsPruneError<PruningConfigErrorCode> {
  override readonly name = 'PruningConfigError';
  readonly issues: readonly ConfigIssue[];
  /** Where the config came from: a file path, "config" by default, "schedule" for createSchedule. */
  readonly source: string;

  constructor(source: string, issues: readonly ConfigIssue[], options: PruningConfigErrorOptions = {}) {
    const code = options.code ?? 'CONFIG_INVALID';
    const sorted = normalizeIssues(issues);
    const line = (issue: ConfigIssue): string =>
      code !== 'CONFIG_INVALID'
        ? `${source}: ${issue.message}`
        : `${source}: ${issue.pointer === '' ? '/' : issue.pointer} ${issue.message}`;
    super(code, sorted.map(line).join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.source = source;
    this.issues = Object.freeze(sorted.map((issue) => Object.freeze(issue)));
  }
}
