import type { ErrorObject } from 'ajv';

/** What a branch of an `anyOf` expects of a value of the wrong kind: a JSON type or some values. */
export type BranchExpectation = { type: string } | { values: readonly unknown[] };

/**
 * Replaces each failed `anyOf` by what the user needs to read. ajv reports every branch's
 * errors plus "must match a schema in anyOf". A branch whose type (or whose allowed values'
 * type) the value does not have is irrelevant: when some branch fits the value, only the fitting
 * branches' errors are kept; when none does, the `anyOf` error stays, carrying each branch's
 * expectation in `params.expected` ("must be "unstructured" or an object").
 */
export function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  let result = [...errors];
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of result) {
      if (!error.schemaPath.startsWith(prefix)) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const lists = [...branches.values()];
    const expectations = lists.map((list) => misfit(list, anyOf));
    const fitting = lists.filter((_, i) => expectations[i] === undefined);
    const drop = new Set((fitting.length > 0 ? lists.filter((list) => !fitting.includes(list)) : lists).flat());
    if (fitting.length > 0 || lists.length === 0) drop.add(anyOf);
    result = result
      .filter((error) => !drop.has(error))
      .map((error) => (error === anyOf ? { ...anyOf, params: { expected: expectations } } : error));
  }
  return result;
}

/** The branch's expectation if the value is of the wrong kind for it, else undefined. */
function misfit(list: readonly ErrorObject[], anyOf: ErrorObject): BranchExpectation | undefined {
  for (const error of list) {
    if (error.instancePath !== anyOf.instancePath) continue;
    if (error.keyword === 'type') return { type: String(error.params['type']) };
    const values: unknown = error.keyword === 'enum' ? error.params['allowedValues']
      : error.keyword === 'const' ? [error.params['allowedValue']] : undefined;
    if (Array.isArray(values) && !values.some((value) => jsonType(value) === jsonType(anyOf.data))) return { values };
  }
  return undefined;
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
