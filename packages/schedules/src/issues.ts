/** One problem in a config. */
export interface ConfigIssue {
  /** JSON pointer (RFC 6901) of the offending value; "" is the whole document or file. */
  pointer: string;
  /** What is wrong, without the source or pointer, e.g. `must be < 1 (got 1.5)`. */
  message: string;
}

const maxValueLength = 40;

/**
 * The offending value as shown after "got": its JSON, cut to about 40 characters so a huge
 * array cannot drown the message. Never throws, whatever a caller passes in.
 */
export function describeValue(value: unknown): string {
  const text = valueText(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 3)}...` : text;
}

function valueText(value: unknown): string {
  switch (typeof value) {
    case 'number': return String(value); // NaN and Infinity have no JSON
    case 'bigint': return `${value}n`;
    case 'undefined': case 'symbol': return String(value);
    case 'function': return 'a function';
  }
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value); // cyclic, or holds a bigint
  }
}

/** De-duplicates and sorts by pointer, numerically per array index, then by message. */
export function normalizeIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const unique = new Map<string, ConfigIssue>();
  for (const issue of issues) {
    unique.set(`${issue.pointer}\n${issue.message}`, { pointer: issue.pointer, message: issue.message });
  }
  return [...unique.values()].sort(
    (a, b) => comparePointers(a.pointer, b.pointer) || compareText(a.message, b.message),
  );
}

function comparePointers(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    const bothIndices = /^\d+$/.test(x) && /^\d+$/.test(y);
    return bothIndices ? Number(x) - Number(y) : compareText(x, y);
  }
  return left.length - right.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
