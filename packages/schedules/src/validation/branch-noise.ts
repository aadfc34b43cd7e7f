import type { ErrorObject } from 'ajv';

/**
 * What a branch of an `anyOf` expects of a value of the wrong kind: a JSON type (with the
 * branch's schema, for suggestions) or some values.
 */
export type BranchExpectation = { type: string; schema: unknown } | { values: readonly unknown[] };

/**
 * Replaces each failed `anyOf` by what the user needs to read. ajv reports every branch's
 * errors plus "must match a schema in anyOf". A branch whose type (or whose allowed values'
 * type) the value does not have is irrelevant: when some branch fits the value, only the fitting
 * branches' errors are kept, and an enum or const error among them at the `anyOf`'s own value
 * carries the other branches' expectations in `params.alternatives` ("must be one of
 * "unstructured", "structured" or an object"). When no branch fits, the `anyOf` error stays,
 * carrying each branch's expectation in `params.expected` ("must be "unstructured" or an object").
 */
export function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  let result = [...errors];
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    // Array items share schema paths, so an error belongs to this anyOf only at or below its value.
    const within = (path: string): boolean => path === anyOf.instancePath || path.startsWith(`${anyOf.instancePath}/`);
    const branches = new Map<string, ErrorObject[]>();
    for (const error of result) {
      if (!error.schemaPath.startsWith(prefix) || !within(error.instancePath)) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const lists = [...branches.values()];
    const expectations = lists.map((list) => misfit(list, anyOf));
    const fitting = lists.filter((_, i) => expectations[i] === undefined);
    const drop = new Set((fitting.length > 0 ? lists.filter((list) => !fitting.includes(list)) : lists).flat());
    if (fitting.length > 0 || lists.length === 0) drop.add(anyOf);
    const alternatives = expectations.filter((expectation) => expectation !== undefined);
    const annotate = (error: ErrorObject): ErrorObject => {
      if (error === anyOf) return { ...anyOf, params: { expected: expectations } };
      const ownValue = error.instancePath === anyOf.instancePath && (error.keyword === 'enum' || error.keyword === 'const');
      return ownValue && fitting.some((list) => list.includes(error)) ? { ...error, params: { ...error.params, alternatives } } : error;
    };
    result = result.filter((error) => !drop.has(error)).map(annotate);
  }
  return result;
}

/** The branch's expectation if the value is of the wrong kind for it, else undefined. */
function misfit(list: readonly ErrorObject[], anyOf: ErrorObject): BranchExpectation | undefined {
  for (const error of list) {
    if (error.instancePath !== anyOf.instancePath) continue;
    if (error.keyword === 'type') return { type: String(error.params['type']), schema: error.parentSchema };
    const values: unknown = error.keyword === 'enum' ? error.params['allowedValues']
      : error.keyword === 'const' ? [error.params['allowedValue']] : undefined;
    if (Array.isArray(values) && !values.some((value) => jsonType(value) === jsonType(anyOf.data))) return { values };
  }
  return undefined;
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
