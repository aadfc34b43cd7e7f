import { endSparsityKey } from '../budget-target.js';

/*
 * A schedule's sparsity is required, except in the one structured pruner of a config with a
 * `target`, whose schedule gives only the timing. The requirement depends on a key two levels up,
 * so the kinds' schemas leave the sparsity optional and the config's root adds it back through
 * if/then/else (draft-07, which editors apply too). ajv's strict mode wants each branch to name
 * the types and properties it checks, hence the repeated `type` and the empty property schemas.
 */

/** The kinds whose schedules end at `key`, e.g. ["polynomial-decay", "iterative"] for finalSparsity. */
function kindsEndingAt(key: string): string[] {
  return Object.entries(endSparsityKey).flatMap(([kind, end]) => (end === key ? [kind] : []));
}

/** A condition on an object: it has `key`, whose value passes `schema`. */
function has(key: string, schema: object = {}) {
  return { required: [key], properties: { [key]: schema } } as const;
}

/** On a schedule: its kind's end sparsity is required (an unknown kind is the discriminator's error alone). */
function endRequired(ends: readonly string[]): object {
  const [key = '', ...rest] = ends;
  return { if: has('type', { enum: kindsEndingAt(key) }), then: has(key), ...(rest.length > 0 ? { else: endRequired(rest) } : {}) };
}
const scheduleSparsityRequired = { type: 'object', ...endRequired([...new Set(Object.values(endSparsityKey))]) };

const sparsityRequired = { type: 'object', properties: { schedule: scheduleSparsityRequired } } as const;

/** A pruner with granularity "structured", by name or as an object. */
const structuredPruner = has('granularity', { anyOf: [{ const: 'structured' }, { type: 'object', ...has('type', { const: 'structured' }) }] });

/** The root's if/then/else: every pruner's schedule needs its sparsity, except the structured pruner's under a target. */
export const sparsityRequirement = {
  if: has('target'),
  then: { properties: { pruners: { type: 'array', items: { type: 'object', if: structuredPruner, else: sparsityRequired } } } },
  else: { properties: { pruners: { type: 'array', items: sparsityRequired } } },
} as const;
