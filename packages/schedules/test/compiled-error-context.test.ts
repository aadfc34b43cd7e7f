import { Ajv, type ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configSchema } from '@tfjs-prune/schedules';
// @ts-expect-error: a plain .mjs module shared with the build scripts, without type declarations
import { ajvOptions } from '../scripts/ajv-options.mjs';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { messageSchema, runtimeSchema } from '../scripts/validator-source.mjs';
import { compiledSchema } from '../src/validation/compiled-config-schema.js';
import { configShapeErrors } from '../src/validation/validator.js';

/**
 * The compiled validator's errors are written compactly and leave out `parentSchema` and `data`,
 * which `configShapeErrors` puts back from the paths. Messages read both, so the result must be
 * what ajv's `verbose` gives for the same schema compiled at test time: the same errors in the
 * same order, with the same values, and parent schemas holding what messages read of ajv's
 * (`schema`, the failed check's own schema, is left out: nothing reads it).
 */
const verbose = new Ajv(ajvOptions as object).compile((runtimeSchema as (schema: unknown) => object)(configSchema));
const forMessages = messageSchema as (schema: unknown) => unknown;

const expectedErrors = (value: unknown): Omit<ErrorObject, 'schema'>[] =>
  verbose(value) ? [] : (verbose.errors ?? []).map(({ schema: _schema, parentSchema, ...rest }) => ({ ...rest, parentSchema: forMessages(parentSchema) as object }));

const valid = {
  $schema: './schema.json',
  pruners: [
    { name: 'a', layers: { include: ['d*'], exclude: ['x'], classes: ['Dense'], trainable: true }, criterion: 'taylor', granularity: { type: 'block', shape: [4, 4], norm: 'l2' }, scope: 'global', normalize: 'layer', maxLayerSparsity: 0.9, schedule: { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8, frequency: 2, power: 3 } },
    { granularity: { type: 'n:m', n: 2, m: 4 }, regularization: { type: 'l1', strength: 0.001 }, rewind: { epoch: 1 }, schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 2, startStep: 10, stepsPerRound: 5 } },
    { granularity: 'structured', rewind: 'init', seed: 3, schedule: { type: 'one-shot', sparsity: 0.5, step: 20 } },
  ],
};

/** Every path into `value`, as keys. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

/** `value` with the node at `path` replaced (or, with `key`, given one more key). */
function mutate(value: unknown, path: readonly (string | number)[], replacement: unknown, key?: string): unknown {
  if (path.length === 0) {
    if (key === undefined) return replacement;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, [key]: replacement } : replacement;
  }
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = mutate(copy[head], rest, replacement, key);
  return copy;
}

const allPaths = paths(valid);
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('dense', 'block', 'n:m', 'one-shot', 'polynomial', 'iterative', 'init', 'l1', 1.5, -1, 0.5, 2.5, null, [], {}),
);
const mutation = fc.record({
  path: fc.constantFrom(...allPaths),
  replacement,
  key: fc.option(fc.constantFrom('extra', 'a/b', 'c~d', 'type', 'finalSparsty', '$schema'), { nil: undefined }),
});

describe('compiled validator errors with their context put back', () => {
  it('equal ajv verbose errors on a valid config and on mutated ones', () => {
    expect(configShapeErrors(valid)).toStrictEqual([]);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const value = mutations.reduce<unknown>((v, m) => mutate(v, m.path, m.replacement, m.key), valid);
        expect(configShapeErrors(value)).toStrictEqual(expectedErrors(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds errors in some of them, so the comparison has something to compare', () => {
    const withErrors = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), { numRuns: 200, seed: 1 })
      .filter((mutations) => configShapeErrors(mutations.reduce<unknown>((v, m) => mutate(v, m.path, m.replacement, m.key), valid)).length > 0);
    expect(withErrors.length).toBeGreaterThan(100);
  });

  it('puts back the value and the parent schema for an error below an escaped key', () => {
    const [error] = configShapeErrors({ $schema: 3, pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] });
    expect(error).toMatchObject({ instancePath: '/$schema', schemaPath: '#/properties/%24schema/type', data: 3 });
    expect(error?.parentSchema).toBe((compiledSchema as { properties: { $schema: unknown } }).properties.$schema);
  });
});
