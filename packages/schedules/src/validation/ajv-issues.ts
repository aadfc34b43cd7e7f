import type { DefinedError, ErrorObject } from 'ajv';
import { describeValue, type ConfigIssue } from '../issues.js';
import { withoutBranchNoise, type BranchExpectation } from './branch-noise.js';
import { anyOfBranches, oneOfValues, typeName } from './expected-values.js';
import { closestMatch } from './suggest.js';

/**
 * Turns ajv's errors into issues a person can act on: where, what was expected, what was found,
 * and the likely intended value. Unknown keys and missing keys point at the object holding them.
 */
export function issuesFromAjv(errors: readonly ErrorObject[]): ConfigIssue[] {
  // An `if` error only says its branch failed, whose own errors say why; and the root's
  // conditional names the types it checks again (src/schema/sparsity-requirement.ts), which the
  // schema proper reports already.
  const own = errors.filter((error) => error.keyword !== 'if' && !(error.keyword === 'type' && /^#\/(then|else)\//.test(error.schemaPath)));
  return withoutBranchNoise(own).flatMap((error) => issueOf(error as DefinedError));
}

function issueOf(error: DefinedError): ConfigIssue[] {
  const at = (message: string): ConfigIssue[] => [{ pointer: error.instancePath, message }];
  const got = ` (got ${describeValue(error.data)})`;
  switch (error.keyword) {
    case 'required':
      return at(`is missing required key ${quote(error.params.missingProperty)}`);
    case 'additionalProperties':
      return at(unknownKey(error.params.additionalProperty, error.parentSchema, error.data));
    case 'type':
      return at(`must be ${[error.params.type].flat().flatMap((type) => type.split(',')).map(typeName).join(' or ')}${got}`);
    case 'enum':
      return at(oneOfValues(error.params.allowedValues, error.data, alternativesOf(error)));
    case 'const':
      return at(oneOfValues([error.params.allowedValue], error.data, alternativesOf(error)));
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return at(`must be ${error.params.comparison} ${error.params.limit}${got}`);
    case 'minItems':
      return at(`must have at least ${plural(error.params.limit, 'item')}${got}`);
    case 'maxItems':
      return at(`must have at most ${plural(error.params.limit, 'item')}${got}`);
    case 'minProperties':
      return at(`must have at least ${plural(error.params.limit, 'key')}${got}`);
    case 'maxProperties':
      return at(`must have at most ${plural(error.params.limit, 'key')}${got}`);
    case 'minLength':
      return at(error.params.limit === 1 ? `must not be empty${got}` : `must have at least ${plural(error.params.limit, 'character')}${got}`);
    case 'discriminator':
      return discriminatorIssue(error);
    case 'anyOf': {
      // Kept by withoutBranchNoise only when the value fits no branch; `expected` lists what
      // each branch wanted.
      const expected = (error.params as { expected?: readonly BranchExpectation[] }).expected ?? [];
      return at(anyOfBranches(expected, error.data));
    }
    default:
      return at(`${error.message ?? 'is invalid'}${got}`);
  }
}

/** ajv reports a bad tag at the object; it belongs at the tag, with the valid tags listed. */
function discriminatorIssue(error: DefinedError & { keyword: 'discriminator' }): ConfigIssue[] {
  const { tag } = error.params;
  const data: unknown = error.data;
  if (!isRecord(data) || !Object.hasOwn(data, tag)) {
    return [{ pointer: error.instancePath, message: `is missing required key ${quote(tag)}` }];
  }
  const branches: unknown = (error.parentSchema as { oneOf?: unknown } | undefined)?.oneOf;
  const tags = (Array.isArray(branches) ? branches : []).map(
    (branch: { properties?: Record<string, { const?: unknown }> }) => branch.properties?.[tag]?.const,
  );
  return [{ pointer: `${error.instancePath}/${escapePointer(tag)}`, message: oneOfValues(tags, data[tag]) }];
}

function unknownKey(key: string, schema: unknown, data: unknown): string {
  const properties = (schema as { properties?: object } | undefined)?.properties ?? {};
  const present = isRecord(data) ? Object.keys(data) : [];
  const hint = closestMatch(key, Object.keys(properties).filter((name) => !present.includes(name)));
  return `has unknown key ${quote(key)}${hint === undefined ? '' : ` (did you mean ${quote(hint)}?)`}`;
}

/** The other `anyOf` branches an enum or const error's value could have taken (see branch-noise). */
function alternativesOf(error: ErrorObject): readonly BranchExpectation[] {
  return (error.params as { alternatives?: readonly BranchExpectation[] }).alternatives ?? [];
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const quote = (text: string): string => JSON.stringify(text);
const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
