import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, jsonSyntaxProblem } from '../src/json-syntax-error.js';

/**
 * The scanner only runs when V8 gives no position, so it must agree with V8 wherever V8 does
 * give one, and stop on the token V8 names where it does not: checked on single-character
 * corruptions of random valid JSON.
 */
describe('jsonErrorOffset', () => {
  const corrupted = fc
    .record({ json: fc.jsonValue().map((v) => JSON.stringify(v, null, 1)), at: fc.nat(), char: fc.constantFrom('}', ']', ',', ':', '"', 'x', '0', '-', '.', 'e', '+', 't', 'u', '\\', '\n', "'"), remove: fc.boolean() })
    .map(({ json, at, char, remove }) => {
      const i = at % (json.length + 1);
      return remove ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + char + json.slice(i);
    });

  it('agrees with the position in V8 messages', () => {
    fc.assert(
      fc.property(corrupted, (text) => {
        let message: string | undefined;
        try {
          JSON.parse(text);
        } catch (error) {
          message = (error as Error).message;
        }
        if (message === undefined) {
          expect(jsonErrorOffset(text)).toBeUndefined();
          return;
        }
        const position = /at position (\d+)/.exec(message)?.[1];
        if (position !== undefined) expect(jsonErrorOffset(text)).toBe(Number(position));
        else if (/end of JSON input/.test(message)) expect(jsonErrorOffset(text)).toBe(text.length);
        // Without a position V8 still names the token: the scanner must stop on that character.
        const token = /^Unexpected token '(.)'/s.exec(message)?.[1];
        if (token !== undefined) expect(text.charAt(jsonErrorOffset(text) ?? -1)).toBe(token);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('jsonSyntaxProblem', () => {
  const problemOf = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return jsonSyntaxProblem(text, error);
    }
    throw new Error(`test input parsed: ${text}`);
  };

  it('places a trailing comma at the brace after it, with the reason and no position', () => {
    expect(problemOf('{\n  "a": 1,\n}')).toStrictEqual({ reason: 'Expected double-quoted property name', at: { line: 3, column: 1 } });
  });

  it('places a bad token V8 gives no position for, and drops the excerpt V8 quotes', () => {
    expect(problemOf('{"a": tru]')).toStrictEqual({ reason: "Unexpected token ']'", at: { line: 1, column: 10 } });
  });

  it('places the end of input after the last character', () => {
    expect(problemOf('{\n"a":')).toStrictEqual({ reason: 'Unexpected end of JSON input', at: { line: 2, column: 5 } });
  });

  it('reads the "(line L column C)" wording of newer V8 as given', () => {
    const error = new SyntaxError('Unexpected token \'x\' (line 7 column 3)');
    expect(jsonSyntaxProblem('', error)).toStrictEqual({ reason: "Unexpected token 'x'", at: { line: 7, column: 3 } });
  });
});
