/**
 * The one base class of every error tfjs-prune throws. It lives in its own package, below
 * schedules and core, because those two must know nothing of each other yet share one error shape.
 *
 * `code` is what programs branch on; `message` is for people and may be reworded. Subclasses
 * narrow `code` to their own union of literals, so a `switch (error.code)` is checked by the
 * compiler.
 */
export class TfjsPruneError<Code extends string = string> extends Error {
  override readonly name: string = 'TfjsPruneError';
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * True for any error thrown by tfjs-prune, also across two copies of this package in one bundle
 * (where `instanceof` fails): the check is structural, on a brand set by the constructor.
 */
export function isTfjsPruneError(value: unknown): value is TfjsPruneError {
  return value instanceof TfjsPruneError || (value instanceof Error && (value as { [BRAND]?: true })[BRAND] === true);
}

const BRAND = Symbol.for('@tfjs-prune/errors.TfjsPruneError');
Object.defineProperty(TfjsPruneError.prototype, BRAND, { value: true });
