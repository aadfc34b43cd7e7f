import { describeValue, type ConfigIssue } from './issues.js';

/**
 * What a cross-field rule sees of one object: only values that passed the schema, so a rule
 * never piles a second message onto a field that is already reported (a startEpoch of 1.5 is
 * "not an integer", not also "not below endEpoch").
 */
export interface FieldView {
  /** The number at `key` if it passed the schema, `fallback` if absent, `undefined` if it failed. */
  number(key: string, fallback?: number): number | undefined;
  /**
   * An issue pointing at `key`: "`message` (got <its value>)", or "(got <fallback>, the default)"
   * when the key is absent and a fallback is given.
   */
  issue(key: string, message: string, fallback?: unknown): ConfigIssue;
  /** The JSON pointer of `key`. */
  pointer(key: string): string;
  /** The value at `key` if it passed the schema, `fallback` if absent, `undefined` if it failed. */
  value(key: string, fallback?: unknown): unknown;
}

/** `failed(pointer)` tells whether the schema reported anything at or below `pointer`. */
export function fieldView(
  object: Readonly<Record<string, unknown>>,
  pointer: string,
  failed: (pointer: string) => boolean,
): FieldView {
  const at = (key: string): string => `${pointer}/${key}`;
  return {
    number(key, fallback) {
      if (!Object.hasOwn(object, key)) return fallback;
      const value = object[key];
      return typeof value === 'number' && !failed(at(key)) ? value : undefined;
    },
    issue(key, message, fallback) {
      const got = Object.hasOwn(object, key) || fallback === undefined
        ? describeValue(object[key])
        : `${describeValue(fallback)}, the default`;
      return { pointer: at(key), message: `${message} (got ${got})` };
    },
    pointer: at,
    value(key, fallback) {
      if (!Object.hasOwn(object, key)) return fallback;
      return failed(at(key)) ? undefined : object[key];
    },
  };
}
