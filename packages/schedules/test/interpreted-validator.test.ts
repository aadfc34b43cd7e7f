import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configSchema } from '@tfjs-prune/schedules';
// @ts-expect-error: a plain .mjs module shared with the build scripts, without type declarations
import { ajvOptions } from '../scripts/ajv-options.mjs';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { runtimeSchema } from '../scripts/validation-schema-source.mjs';
import { assertInterpretable, keywordGroups, schemaErrors, type Schema } from '../src/validation/schema-interpreter.js';
import { validationSchema } from '../src/validation/validation-schema.js';
import { configShapeErrors } from '../src/validation/validator.js';

/**
 * The interpreter replaced ajv's standalone code, and every message downstream (ajv-issues,
 * branch-noise, expected-values) reads ajv's errors. So ajv itself is the oracle: the same schema
 * compiled by ajv at test time, with the shipped options, must give the same errors in the same
 * order, with the same values and parent schemas as its `verbose` option gives (less `schema`,
 * the failed keyword's value, which nothing reads), and without `verbose` exactly the objects the
 * compiled validator returned.
 */
const compile = (schema: object): { verbose: ValidateFunction; terse: ValidateFunction } => ({
  verbose: new Ajv(ajvOptions as object).compile(schema),
  terse: new Ajv({ ...(ajvOptions as object), verbose: false }).compile(schema),
});

const errorsOf = (validate: ValidateFunction, value: unknown): ErrorObject[] => (validate(value) ? [] : validate.errors ?? []);
const terse = ({ instancePath, schemaPath, keyword, params }: ErrorObject): ErrorObject => ({ instancePath, schemaPath, keyword, params });

/** Asserts that `ours` are ajv's errors for `value`; returns how many there were. */
function expectAjvErrors(ajv: ReturnType<typeof compile>, ours: readonly ErrorObject[], value: unknown): number {
  expect(ours).toStrictEqual(errorsOf(ajv.verbose, value).map(({ schema: _schema, ...rest }) => rest));
  expect(ours.map(terse)).toStrictEqual(errorsOf(ajv.terse, value));
  return ours.length;
}

const configAjv = compile((runtimeSchema as (schema: unknown) => object)(configSchema));
const expectConfigLikeAjv = (value: unknown): number => expectAjvErrors(configAjv, configShapeErrors(value), value);

const packageDir = new URL('../', import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));
const jsonFiles = (dir: URL): URL[] => readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => new URL(name, dir));
const exampleConfigs = [
  ...jsonFiles(new URL('examples/', packageDir)),
  ...jsonFiles(new URL('../../examples/configs/', packageDir)),
].map(readJson);

const valid = {
  $schema: './schema.json',
  pruners: [
    { name: 'a', layers: { include: ['d*'], exclude: ['x'], classes: ['Dense'], trainable: true }, criterion: 'taylor', granularity: { type: 'block', shape: [4, 4], norm: 'l2' }, scope: 'global', normalize: 'layer', maxLayerSparsity: 0.9, schedule: { type: 'polynomial-decay', initialSparsity: 0.1, finalSparsity: 0.9, startEpoch: 1, endEpoch: 8, frequency: 2, power: 3 } },
    { granularity: { type: 'n:m', n: 2, m: 4 }, regularization: { type: 'l1', strength: 0.001 }, rewind: { epoch: 1 }, schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 2, startStep: 10, stepsPerRound: 5 } },
    { granularity: 'structured', rewind: 'init', seed: 3, schedule: { type: 'one-shot', sparsity: 0.5, step: 20 } },
    { granularity: { type: 'structured', norm: 'l1' }, regularization: null, maxLayerSparsity: null, schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 2, startEpoch: 0, epochsPerRound: 1 } },
  ],
};

type Path = readonly (string | number)[];

/** Every path into `value`, as keys. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

/** A change to the node at a path: replaced, given one more key, stripped of one, or made to inherit its keys. */
type Change =
  | { kind: 'replace'; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'delete' }
  | { kind: 'inherit'; own: boolean }
  | { kind: 'wrap' };

const copyOf = (node: unknown): Record<string | number, unknown> =>
  (Array.isArray(node) ? [...node] : typeof node === 'object' && node !== null ? { ...node } : {}) as Record<string | number, unknown>;

function changed(node: unknown, change: Change): unknown {
  switch (change.kind) {
    case 'replace': return change.value;
    case 'wrap': return [node];
    case 'add': {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return change.value;
      // defineProperty, so that "__proto__" is an own key, as JSON.parse makes it.
      return Object.defineProperty({ ...node }, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
    }
    case 'delete': return undefined;
    case 'inherit': {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
      // Every key inherited, or all but the first (so that a tag may be inherited and the rest own).
      const [first, ...rest] = Object.entries(node);
      return change.own || first === undefined ? Object.assign(Object.create(node) as object, Object.fromEntries(rest)) : Object.create(node);
    }
  }
}

function mutate(value: unknown, path: Path, change: Change): unknown {
  if (path.length === 0) return changed(value, change);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = copyOf(value);
  const next = mutate(copy[head], rest, change);
  if (next === undefined && rest.length === 0 && change.kind === 'delete') {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
  } else copy[head] = next;
  return copy;
}

const tags = ['dense', 'block', 'n:m', 'structured', 'unstructured', 'one-shot', 'polynomial-decay', 'iterative', 'init', 'none', 'l1', 'l2', 'group-l1', 'max', 'Dense', 'LSTM'];
const oddStrings = ['', '😀', '\ud800', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'a/b', 'c~d'];
const numbers = [Number.NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1.5, 2.5, 63, 64, 65, 4096, 1e308, -1e308, 2 ** 53 + 2, Number.MIN_VALUE, 0.999999999];
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(...tags, ...oddStrings, ...numbers, null, true, [], {}, [4], [4, 4], [4, 4, 4], [1.5, 0], [Number.NaN, 2]),
  fc.constantFrom<unknown>({ type: 'block' }, { type: 'n:m', n: 2, m: 4 }, { type: 'unknown' }, { type: 3 }, { type: null }, { epoch: 1 }, { epoch: -1 }, { type: 'l2', strength: 0 }),
  fc.constantFrom(...valid.pruners, ...valid.pruners.map((pruner) => pruner.schedule)),
);
const keys = fc.constantFrom('extra', 'a/b', 'c~d', '', 'type', 'finalSparsty', 'finalSparsity', '$schema', '__proto__', 'constructor', 'toString', 'n', 'm', 'shape', 'norm', 'epoch', 'schedule', 'pruners', 'name', 'sparsity');
const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 5, arbitrary: replacement.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), key: keys, value: replacement }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.boolean().map((own) => ({ kind: 'inherit' as const, own })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
);

const bases = [valid, ...exampleConfigs];
const mutated = fc
  .record({ base: fc.nat(bases.length - 1), steps: fc.array(fc.tuple(fc.nat(), change), { minLength: 1, maxLength: 4 }) })
  .map(({ base, steps }) => {
    const start = bases[base];
    const where = paths(start);
    return steps.reduce((value, [at, step]) => mutate(value, where[at % where.length] ?? [], step), start);
  });

describe('the interpreted config validator against ajv', () => {
  it('accepts every example config, as ajv does', () => {
    expect(exampleConfigs.length).toBeGreaterThanOrEqual(9);
    for (const config of [valid, ...exampleConfigs]) expect(expectConfigLikeAjv(config)).toBe(0);
  });

  it('accepts each discriminated branch example inside a pruner, as ajv does', () => {
    const pruner = (validationSchema.properties?.['pruners']?.items?.properties ?? {});
    const schedules = pruner['schedule']?.oneOf ?? [];
    const granularities = pruner['granularity']?.anyOf?.[1]?.oneOf ?? [];
    const cases = [
      ...schedules.flatMap((branch) => branch.examples ?? []).map((schedule) => ({ pruners: [{ schedule }] })),
      ...granularities.flatMap((branch) => branch.examples ?? []).map((granularity) => ({ pruners: [{ granularity, schedule: valid.pruners[2]?.schedule }] })),
    ];
    expect(cases).toHaveLength(7);
    for (const config of cases) expect(expectConfigLikeAjv(config)).toBe(0);
  });

  it('reports what ajv reports for every value the other tests validate', () => {
    const fixture = readJson(new URL('test/fixtures/configs-seen-by-tests.json', packageDir)) as { values: unknown[] };
    const revive = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(revive);
      if (typeof value !== 'object' || value === null) return value;
      if ('$number' in value) return Number(value.$number);
      if ('$undefined' in value) return undefined;
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revive(item)]));
    };
    const counts = fixture.values.map((value) => expectConfigLikeAjv(revive(value)));
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(150);
    // The numbers JSON cannot hold came through.
    expect(JSON.stringify(fixture.values)).toContain('{"$number":"NaN"}');
    expect(fixture.values.map(revive)).toContain(undefined);
  });

  it('reports what ajv reports for mutated configs', () => {
    let withErrors = 0;
    fc.assert(
      fc.property(mutated, (value) => {
        if (expectConfigLikeAjv(value) > 0) withErrors += 1;
      }),
      { numRuns: 4000, seed: 20261203 },
    );
    // The comparison compares something: most mutations make a config invalid.
    expect(withErrors).toBeGreaterThan(2500);
  });

  it('reports in order for several broken pruners, inherited keys and an inherited tag', () => {
    const inheritedTag = Object.assign(Object.create({ type: 'one-shot' }) as object, { sparsity: 0.5 });
    const value = {
      pruners: [
        { schedule: inheritedTag },
        Object.create({ schedule: { type: 'one-shot', sparsity: 0.5 } }) as object,
        { schedule: { type: 'cubic' }, granularity: { type: 'n:m', n: 0, m: 65, k: 1 } },
        { schedule: { type: 'one-shot', sparsity: Number.NaN, epoch: Infinity }, rewind: { epoch: 1.5 }, layers: { include: ['', 5] } },
      ],
    };
    expect(expectConfigLikeAjv(value)).toBe(15);
    expect(configShapeErrors(value).map((error) => `${error.instancePath} ${error.keyword}`)).toStrictEqual([
      '/pruners/0/schedule required',
      '/pruners/1 required',
      '/pruners/2/granularity enum',
      '/pruners/2/granularity additionalProperties',
      '/pruners/2/granularity/n minimum',
      '/pruners/2/granularity/m maximum',
      '/pruners/2/granularity anyOf',
      '/pruners/2/schedule discriminator',
      '/pruners/3/layers/include/0 minLength',
      '/pruners/3/layers/include/1 type',
      '/pruners/3/schedule/sparsity type',
      '/pruners/3/schedule/epoch type',
      '/pruners/3/rewind enum',
      '/pruners/3/rewind/epoch type',
      '/pruners/3/rewind anyOf',
    ]);
  });
});

/**
 * Schemas the config schema does not have (yet) but may: the keywords a budget target and
 * `roundTo` use (min/maxProperties, maximum), a single type checked after an untyped keyword,
 * union types, escaped property names, an anyOf of several kinds, a discriminator of its own.
 */
const smallSchemas: Schema[] = [
  { type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1, properties: { macs: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, params: { type: 'number', exclusiveMinimum: 0, maximum: 1 } } },
  { type: 'integer', minimum: 1, maximum: 4096 },
  { type: 'string', enum: ['ab', 'b'], minLength: 2 },
  { type: 'string', const: 'ab' },
  { type: ['string', 'null'], minLength: 1 },
  { type: ['integer', 'null'], minimum: 2 },
  { type: 'array', items: { type: 'integer', exclusiveMaximum: 3 }, maxItems: 2, minItems: 1 },
  { anyOf: [{ type: 'string', minLength: 2 }, { type: 'object', required: ['a'], properties: { a: { const: 1 } } }, { enum: [1, 2, null] }] },
  { type: 'object', required: ['a/b~c', '$x'], additionalProperties: false, properties: { 'a/b~c': { type: 'boolean' }, $x: { type: 'null' }, 'é ü': { type: 'array', maxItems: 0 } } },
  {
    type: 'object',
    discriminator: { propertyName: 'kind' },
    oneOf: [
      { type: 'object', required: ['kind'], properties: { kind: { const: 'x' }, size: { type: 'integer', minimum: 0 } } },
      { type: 'object', required: ['kind', 'size'], additionalProperties: false, properties: { kind: { const: 'y' }, size: { type: 'number', maximum: 2 } } },
    ],
  },
];

const smallValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(...numbers, ...oddStrings, 'ab', 'b', 'x', 'y', null),
  fc.dictionary(fc.constantFrom('a', 'a/b~c', '$x', 'é ü', 'kind', 'size', 'macs', 'params', '__proto__'), fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom<unknown>(...numbers, 'x', 'y', 1, true, null, [])), { maxKeys: 4 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom<unknown>(...numbers, 'x')), { maxLength: 4 }),
);

describe('the interpreter against ajv on small schemas', () => {
  it.each(smallSchemas.map((schema, i) => [i, schema] as const))('schema %i', (_, schema) => {
    assertInterpretable(schema);
    const ajv = compile(schema);
    let withErrors = 0;
    fc.assert(
      fc.property(smallValue, (value) => {
        if (expectAjvErrors(ajv, schemaErrors(schema, value), value) > 0) withErrors += 1;
      }),
      { numRuns: 400, seed: 3 },
    );
    expect(withErrors).toBeGreaterThan(100);
  });
});

describe('what the interpreter implements', () => {
  it('checks its keywords in the order ajv does, group by group', () => {
    const ours = keywordGroups.map(([type, checks]) => [type, Object.keys(checks)] as const);
    const implemented = new Set(ours.flatMap(([, keywords]) => keywords));
    const rules = (new Ajv(ajvOptions as object) as unknown as { RULES: { rules: { type?: string; rules: { keyword: string }[] }[] } }).RULES.rules;
    expect(ours).toStrictEqual(rules.map((group) => [group.type, group.rules.map((rule) => rule.keyword).filter((keyword) => implemented.has(keyword))]));
  });

  it('implements every keyword of the shipped schema', () => {
    expect(() => assertInterpretable(validationSchema)).not.toThrow();
  });

  it.each([
    [{ pattern: '^a' }, '#: the keyword "pattern" is not interpreted'],
    [{ properties: { 'a/b': { additionalProperties: { type: 'string' } } } }, '#/properties/a~1b: additionalProperties other than false'],
    [{ items: [{ type: 'string' }] }, '#: items other than one schema'],
    [{ anyOf: [{ enum: [{ a: 1 }] }] }, '#/anyOf/0: an object or array as const or enum value'],
    [{ oneOf: [{ type: 'string' }] }, '#: oneOf without discriminator'],
    [{ type: 'object', discriminator: { propertyName: 'kind', mapping: {} }, oneOf: [] }, '#: a discriminator mapping'],
    [{ discriminator: { propertyName: 'kind' }, oneOf: [{ properties: { kind: { enum: ['a'] } } }] }, '#: oneOf/0 without a string const kind'],
    [{ type: 'text' }, '#: the type "text"'],
    [{ then: { required: ['a'] } }, '#: then or else without if (or the reverse)'],
    [{ if: { required: ['a'] } }, '#: then or else without if (or the reverse)'],
    [{ if: { required: ['a'] }, else: { title: 'x' } }, '#/else: the keyword "title"'],
    [{ items: { title: 'x' } }, '#/items: the keyword "title"'],
  ])('refuses %j', (schema, message) => {
    expect(() => assertInterpretable(schema as Schema)).toThrow(message);
  });
});
