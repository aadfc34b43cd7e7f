/** Where in a text a JSON syntax error is: 1-based line and column. */
export interface JsonSyntaxLocation {
  readonly line: number;
  readonly column: number;
}

/** A JSON.parse failure in a form every package words its own way, without the stack. */
export interface JsonSyntaxProblem {
  /** JSON.parse's own reason, without the position or the excerpt of the text V8 quotes. */
  readonly reason: string;
  /** Absent only when neither the message nor a scan of the text can place the error. */
  readonly at?: JsonSyntaxLocation;
}

/**
 * The reason and line:column of a JSON.parse failure on `text`. Node words the position
 * differently across versions: "at position 42", "(line 3 column 14)", or not at all
 * ("Unexpected token '}', "..." is not valid JSON"); end of input has none either. The one
 * place that reads those messages, so config files and model files report alike.
 */
export function jsonSyntaxProblem(text: string, error: unknown): JsonSyntaxProblem {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/( in JSON)? at position \d+/, '')
    .replace(/ \(line \d+ column \d+\)/, '')
    .trim();
  const at = location(text, message);
  return at === undefined ? { reason } : { reason, at };
}

function location(text: string, message: string): JsonSyntaxLocation | undefined {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  const offset = position !== null
    ? Number(position[1])
    : /end of JSON input/.test(message) ? text.length : jsonErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * The offset of the first syntax error in `text`, or undefined if it is valid JSON. Only used
 * when JSON.parse's message carries no position (V8 words "Unexpected token 'x', ... is not
 * valid JSON" without one). It blames the character V8 blames: the first one that cannot
 * continue the grammar ("tru]" fails at the "]", "\x" at the "x").
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const peek = (): string => text.charAt(at);
  const fail = (): never => {
    throw new SyntaxAt(at);
  };
  const take = (allowed: string): void => {
    if (peek() === '' || !allowed.includes(peek())) fail();
    at++;
  };
  const takeAll = (allowed: string): void => {
    while (peek() !== '' && allowed.includes(peek())) at++;
  };
  const digits = (): void => {
    take(digitChars);
    takeAll(digitChars);
  };
  const number = (): void => {
    if (peek() === '-') at++;
    if (peek() === '0') at++;
    else digits();
    if (peek() === '.') {
      at++;
      digits();
    }
    if (peek() === 'e' || peek() === 'E') {
      at++;
      if (peek() === '+' || peek() === '-') at++;
      digits();
    }
  };
  const string = (): void => {
    at++; // opening quote
    for (;;) {
      if (at >= text.length || text.charCodeAt(at) < 0x20) fail();
      const char = peek();
      at++;
      if (char === '"') return;
      if (char !== '\\') continue;
      if (peek() !== 'u') take('"\\/bfnrt');
      else {
        at++;
        for (let i = 0; i < 4; i++) take(hexChars);
      }
    }
  };
  const list = (close: string, item: () => void): void => {
    at++; // opening bracket
    takeAll(space);
    if (peek() === close) return void at++;
    for (;;) {
      item();
      takeAll(space);
      const next = peek();
      take(`,${close}`);
      if (next === close) return;
    }
  };
  const member = (): void => {
    takeAll(space);
    if (peek() !== '"') fail();
    string();
    takeAll(space);
    take(':');
    value();
  };
  const value = (): void => {
    takeAll(space);
    const char = peek();
    if (char === '{') list('}', member);
    else if (char === '[') list(']', value);
    else if (char === '"') string();
    else if (Object.hasOwn(literals, char)) for (const expected of literals[char] ?? '') take(expected);
    else number();
  };
  try {
    value();
    takeAll(space);
    return at < text.length ? at : undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    return undefined; // nesting deeper than the stack
  }
}

const space = ' \t\n\r';
const digitChars = '0123456789';
const hexChars = '0123456789abcdefABCDEF';
const literals: Readonly<Record<string, string>> = { t: 'true', f: 'false', n: 'null' };

class SyntaxAt {
  constructor(readonly offset: number) {}
}
