import { describeValue } from '../issues.js';
import type { BranchExpectation } from './branch-noise.js';
import { closestMatch } from './suggest.js';

/**
 * "must be one of <allowed> (got <value>; did you mean <closest>?)". `alternatives` are the other
 * branches of an `anyOf` the value could have taken ("... or an object"); when one of them is a
 * discriminated union and the value is close to one of its tags, the suggestion is that branch's
 * first example: `"block"` gets `did you mean {"type":"block","shape":[4,4]}?`.
 */
export function oneOfValues(allowed: readonly unknown[], value: unknown, alternatives: readonly BranchExpectation[] = []): string {
  const items = [...allowed.map((item) => JSON.stringify(item)), ...alternatives.flatMap(expectationItems)];
  const expected = alternatives.length > 0 ? listWithOr(items) : allowed.length === 1 ? items.join('') : `one of ${items.join(', ')}`;
  const hint = typeof value === 'string' ? suggestion(value, allowed, alternatives) : undefined;
  return `must be ${expected} (got ${describeValue(value)}${hint === undefined ? '' : `; did you mean ${hint}?`})`;
}

/** "must be <each branch's expectation>", for a value that fits no branch of an `anyOf`. */
export function anyOfBranches(expected: readonly BranchExpectation[], value: unknown): string {
  return `must be ${listWithOr(expected.flatMap(expectationItems))} (got ${describeValue(value)})`;
}

export function typeName(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`;
}

function expectationItems(branch: BranchExpectation): string[] {
  return 'type' in branch ? [typeName(branch.type)] : branch.values.map((item) => JSON.stringify(item));
}

/** "a or b"; "one of a, b or c". */
function listWithOr(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' or ');
  return `one of ${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** The closest allowed name, else the example of the closest tag of a discriminated alternative. */
function suggestion(value: string, allowed: readonly unknown[], alternatives: readonly BranchExpectation[]): string | undefined {
  const name = closestMatch(value, allowed.filter((item): item is string => typeof item === 'string'));
  if (name !== undefined) return JSON.stringify(name);
  const examples = new Map(alternatives.flatMap((branch) => ('schema' in branch ? taggedExamples(branch.schema) : [])));
  const tag = closestMatch(value, [...examples.keys()]);
  return tag === undefined ? undefined : JSON.stringify(examples.get(tag));
}

interface Tagged { discriminator?: { propertyName?: unknown }; oneOf?: unknown }
interface Branch { properties?: Record<string, { const?: unknown } | undefined>; examples?: readonly unknown[] }

/** [tag, first example] of each branch of a schema with a `discriminator`. */
function taggedExamples(schema: unknown): [string, unknown][] {
  const { discriminator, oneOf } = (schema ?? {}) as Tagged;
  const tag = discriminator?.propertyName;
  if (typeof tag !== 'string' || !Array.isArray(oneOf)) return [];
  return (oneOf as Branch[]).flatMap((branch): [string, unknown][] => {
    const value = branch.properties?.[tag]?.const;
    const example = branch.examples?.[0];
    return typeof value === 'string' && example !== undefined ? [[value, example]] : [];
  });
}
