import { normalizeIssues, type ConfigIssue } from './issues.js';

export interface PruningConfigErrorOptions {
  /**
   * The issues concern the file itself (unreadable, not JSON), not a place in the document, so
   * their lines carry no pointer: `prune.json: invalid JSON at line 3, column 14: ...`.
   */
  fileLevel?: boolean;
  cause?: unknown;
}

/**
 * Everything wrong with a config, found at once. `message` has one line per issue:
 * `<source>: <pointer> <message>`, e.g.
 * `prune.json: /pruners/0/schedule/finalSparsity must be < 1 (got 1.5)`.
 * The document root is shown as `/`. Issues are de-duplicated and sorted by pointer.
 */
export class PruningConfigError extends Error {
  override readonly name = 'PruningConfigError';
  readonly issues: readonly ConfigIssue[];
  /** Where the config came from: a file path, "config" by default, "schedule" for createSchedule. */
  readonly source: string;

  constructor(source: string, issues: readonly ConfigIssue[], options: PruningConfigErrorOptions = {}) {
    const sorted = normalizeIssues(issues);
    const line = (issue: ConfigIssue): string =>
      options.fileLevel === true
        ? `${source}: ${issue.message}`
        : `${source}: ${issue.pointer === '' ? '/' : issue.pointer} ${issue.message}`;
    super(sorted.map(line).join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.source = source;
    this.issues = Object.freeze(sorted.map((issue) => Object.freeze(issue)));
  }
}
