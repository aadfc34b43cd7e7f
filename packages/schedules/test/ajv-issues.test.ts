import { describe, expect, it } from 'vitest';
import { normalizeIssues } from '../src/issues.js';
import { issuesFromAjv } from '../src/validation/ajv-issues.js';
import { compileSchema as validatorFor } from './support/compile-schema.js';

/**
 * How an `anyOf` of names and objects reports (the shape of `granularity` and `rewind`), on
 * schemas small enough to read in the test.
 */
const granularity = {
  anyOf: [
    { enum: ['unstructured'] },
    {
      type: 'object',
      required: ['type', 'blockSize'],
      additionalProperties: false,
      properties: { type: { const: 'block' }, blockSize: { type: 'integer', minimum: 1 } },
    },
  ],
};
const typed = { anyOf: [{ type: 'string' }, { type: 'object' }] };
/** Names plus a discriminated set of objects, like `granularity`. */
const tagged = {
  anyOf: [
    { enum: ['plain', 'other'] },
    {
      type: 'object',
      discriminator: { propertyName: 'kind' },
      oneOf: [
        { type: 'object', required: ['kind'], properties: { kind: { const: 'plain' } }, additionalProperties: false },
        { type: 'object', required: ['kind', 'size'], properties: { kind: { const: 'tiled' }, size: { type: 'integer' } }, additionalProperties: false, examples: [{ kind: 'tiled', size: 4 }] },
      ],
    },
  ],
};

const issuesOf = (schema: object, value: unknown) => {
  const validate = validatorFor(schema);
  return validate(value) ? [] : normalizeIssues(issuesFromAjv(validate.errors ?? []));
};

describe('anyOf reporting', () => {
  it.each([
    ['a string reports the string branch, naming the object form as the alternative', 'blok',
      [{ pointer: '', message: 'must be "unstructured" or an object (got "blok")' }]],
    ['an object reports the object branch only', { type: 'block', blockSize: 0 }, [{ pointer: '/blockSize', message: 'must be >= 1 (got 0)' }]],
    ['an object with a typo key', { type: 'block', blokSize: 2 }, [
      { pointer: '', message: 'has unknown key "blokSize" (did you mean "blockSize"?)' },
      { pointer: '', message: 'is missing required key "blockSize"' },
    ]],
  ])('%s', (_, value, expected) => {
    expect(issuesOf(granularity, value)).toEqual(expected);
  });

  it.each([
    [typed, 5, 'must be a string or an object (got 5)'],
    [granularity, 5, 'must be "unstructured" or an object (got 5)'],
    [granularity, ['unstructured'], 'must be "unstructured" or an object (got ["unstructured"])'],
  ])('lists every branch when the value fits none: %j, %j', (schema, value, message) => {
    expect(issuesOf(schema, value)).toEqual([{ pointer: '', message }]);
  });

  it.each([
    ['a near name suggests the name', 'plian', 'must be one of "plain", "other" or an object (got "plian"; did you mean "plain"?)'],
    ['an object kind written as a name suggests its first example', 'tiled', 'must be one of "plain", "other" or an object (got "tiled"; did you mean {"kind":"tiled","size":4}?)'],
    ['a typo of an object kind too', 'tilde', 'must be one of "plain", "other" or an object (got "tilde"; did you mean {"kind":"tiled","size":4}?)'],
    ['nothing close: no suggestion', 'square', 'must be one of "plain", "other" or an object (got "square")'],
    ['a value of neither kind lists both', 7, 'must be one of "plain", "other" or an object (got 7)'],
  ])('names next to discriminated objects: %s', (_, value, message) => {
    expect(issuesOf(tagged, value)).toEqual([{ pointer: '', message }]);
  });

  it.each([
    [{ kind: 'tiles', size: 4 }, [{ pointer: '/kind', message: 'must be one of "plain", "tiled" (got "tiles"; did you mean "tiled"?)' }]],
    [{ kind: 'tiled' }, [{ pointer: '', message: 'is missing required key "size"' }]],
    [{ size: 4 }, [{ pointer: '', message: 'is missing required key "kind"' }]],
  ])('an object is checked against the branch its tag names only: %j', (value, expected) => {
    expect(issuesOf(tagged, value)).toEqual(expected);
  });

  /** Items of an array share one schema path; each item's anyOf must only see its own errors. */
  it('keeps the anyOfs of different array items apart', () => {
    expect(issuesOf({ type: 'array', items: tagged }, ['plian', { kind: 'tiled' }, null, 'plain'])).toEqual([
      { pointer: '/0', message: 'must be one of "plain", "other" or an object (got "plian"; did you mean "plain"?)' },
      { pointer: '/1', message: 'is missing required key "size"' },
      { pointer: '/2', message: 'must be one of "plain", "other" or an object (got null)' },
    ]);
  });

  it('never reports the anyOf, oneOf or discriminator machinery itself', () => {
    for (const schema of [granularity, tagged]) {
      for (const value of ['x', 5, [], {}, null, { kind: 5 }, { type: 'x' }]) {
        for (const issue of issuesOf(schema, value)) expect(issue.message).not.toMatch(/anyOf|oneOf|schema|tag|mapping/);
      }
    }
  });
});
