import { describe, expect, it } from 'vitest';
import {
  configSchema, createSchedule,
  type CriterionName, type GranularitySpec, type IterativeSpec, type LayerSelector, type OneShotSpec,
  type PolynomialDecaySpec, type PrunerConfig, type PruningConfig, type PruningScope, type ScheduleSpec,
} from '@tfjs-prune/schedules';

/*
 * The TypeScript types and the JSON Schema are written separately, so this table keeps them
 * from drifting. Each `satisfies` below fails to compile when a type gains or loses a key (or a
 * key changes between optional and required); each test fails when the schema does.
 */

type Keys<T> = Record<keyof T, true>;
type RequiredKeys<T> = Record<{ [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T], true>;

const pruner = configSchema.properties.pruners.items;
const [polynomialDecay, oneShot, iterative] = pruner.properties.schedule.oneOf;

interface ObjectRow { name: string; schema: { properties: object; required?: readonly string[] }; keys: object; required: object }

const objects: ObjectRow[] = [
  { name: 'PruningConfig', schema: configSchema, keys: { $schema: true, pruners: true } satisfies Keys<PruningConfig>, required: { pruners: true } satisfies RequiredKeys<PruningConfig> },
  {
    name: 'PrunerConfig', schema: pruner,
    keys: { name: true, layers: true, criterion: true, granularity: true, scope: true, schedule: true } satisfies Keys<PrunerConfig>,
    required: { schedule: true } satisfies RequiredKeys<PrunerConfig>,
  },
  { name: 'LayerSelector', schema: pruner.properties.layers, keys: { include: true, exclude: true, classes: true } satisfies Keys<LayerSelector>, required: {} satisfies RequiredKeys<LayerSelector> },
  {
    name: 'PolynomialDecaySpec', schema: polynomialDecay,
    keys: { type: true, initialSparsity: true, finalSparsity: true, startEpoch: true, endEpoch: true, frequency: true, power: true } satisfies Keys<PolynomialDecaySpec>,
    required: { type: true, finalSparsity: true, endEpoch: true } satisfies RequiredKeys<PolynomialDecaySpec>,
  },
  { name: 'OneShotSpec', schema: oneShot, keys: { type: true, sparsity: true, epoch: true } satisfies Keys<OneShotSpec>, required: { type: true, sparsity: true } satisfies RequiredKeys<OneShotSpec> },
  {
    name: 'IterativeSpec', schema: iterative,
    keys: { type: true, finalSparsity: true, rounds: true, startEpoch: true, epochsPerRound: true } satisfies Keys<IterativeSpec>,
    required: { type: true, finalSparsity: true, rounds: true } satisfies RequiredKeys<IterativeSpec>,
  },
];

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

describe.each(objects)('$name', ({ schema, keys, required }) => {
  it('has the same keys in the type and the schema', () => {
    expect(sorted(Object.keys(schema.properties))).toEqual(sorted(Object.keys(keys)));
  });
  it('requires the same keys in the type and the schema', () => {
    expect(sorted(schema.required ?? [])).toEqual(sorted(Object.keys(required)));
  });
});

describe('enums', () => {
  it.each([
    ['CriterionName', pruner.properties.criterion.enum, { magnitude: true } satisfies Record<CriterionName, true>],
    ['GranularitySpec', pruner.properties.granularity.anyOf[0].enum, { unstructured: true } satisfies Record<GranularitySpec, true>],
    ['PruningScope', pruner.properties.scope.enum, { layer: true, global: true } satisfies Record<PruningScope, true>],
    ['ScheduleSpec["type"]', pruner.properties.schedule.oneOf.map((branch) => branch.properties.type.const),
      { 'polynomial-decay': true, 'one-shot': true, iterative: true } satisfies Record<ScheduleSpec['type'], true>],
  ])('%s has the same values in the type and the schema', (_, values, record) => {
    expect(sorted(values)).toEqual(sorted(Object.keys(record)));
  });
});

describe('schedule defaults', () => {
  /** The smallest valid spec of each kind: resolving it must give the defaults the schema documents. */
  it.each([
    [polynomialDecay, { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 }],
    [oneShot, { type: 'one-shot', sparsity: 0.5 }],
    [iterative, { type: 'iterative', finalSparsity: 0.8, rounds: 4 }],
  ] as const)('$properties.type.const fills the documented defaults', (schema, minimal) => {
    const resolved = createSchedule(minimal).toJSON() as unknown as Record<string, unknown>;
    const properties = schema.properties as Record<string, { default?: unknown }>;
    for (const key of Object.keys(properties)) {
      if (key in minimal) continue;
      expect(properties[key]?.default, key).toBeDefined();
      expect(resolved[key], key).toBe(properties[key]?.default);
    }
  });
});
