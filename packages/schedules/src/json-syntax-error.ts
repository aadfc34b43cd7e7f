import { jsonErrorOffset } from './json-error-offset.js';

/**
 * "invalid JSON at line 3, column 14: <reason>" for a JSON.parse failure, without its stack.
 * Node words the position differently across versions: "at position 42", "(line 3 column 14)",
 * or not at all ("Unexpected token '}', "..." is not valid JSON"); end of input has none either.
 */
export function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const where = location(text, message);
  const reason = message
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/( in JSON)? at position \d+/, '')
    .replace(/ \(line \d+ column \d+\)/, '')
    .trim();
  const short = reason.charAt(0).toLowerCase() + reason.slice(1);
  return where === undefined ? `invalid JSON: ${short}` : `invalid JSON at ${where}: ${short}`;
}

function location(text: string, message: string): string | undefined {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /at position (\d+)/.exec(message);
  const offset = position !== null
    ? Number(position[1])
    : /end of JSON input/.test(message) ? text.length : jsonErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}
