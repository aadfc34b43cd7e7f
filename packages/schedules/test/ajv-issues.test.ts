import { describe, expect, it } from 'vitest';
import { normalizeIssues } from '../src/issues.js';
import { issuesFromAjv } from '../src/validation/ajv-issues.js';
import { validatorFor } from '../src/validation/validator.js';

/**
 * `granularity` is an `anyOf` with one branch today so that object granularities can be added
 * as a second branch. This pins how such a two-branch `anyOf` will report, before it exists.
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

const issuesOf = (schema: object, value: unknown) => {
  const validate = validatorFor(schema);
  return validate(value) ? [] : normalizeIssues(issuesFromAjv(validate.errors ?? []));
};

describe('anyOf reporting', () => {
  it.each([
    ['a string reports the string branch only', 'blok', [{ pointer: '', message: 'must be "unstructured" (got "blok")' }]],
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

  it('never reports the anyOf itself', () => {
    for (const value of ['x', 5, [], {}, null]) {
      for (const issue of issuesOf(granularity, value)) expect(issue.message).not.toMatch(/anyOf|schema/);
    }
  });
});
