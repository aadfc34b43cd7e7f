import { describe, expect, it } from 'vitest';
import { endSparsityKey } from '../src/budget-target.js';
import { epochFields, stepFields } from '../src/schedule-unit.js';
import {
  configSchema, createSchedule, validateConfig,
  type CriterionName, type GranularitySpec, type LatencyTarget, type IterativeEpochSpec, type IterativeStepSpec, type LayerSelector,
  type OneShotEpochSpec, type OneShotStepSpec, type PolynomialDecayEpochSpec, type PolynomialDecayStepSpec, type PrunerConfig, type PruningConfig, type PruningScope, type SparsityConfig, type BudgetConfig, type RegularizationSpec,
  type ResolvedGranularity, type ResolvedPrunerConfig, type RewindSpec, type ScheduleSpec,
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
const [granularityName, granularityObject] = pruner.properties.granularity.anyOf;
const [unstructured, block, nm, structured] = granularityObject.oneOf;
const [rewindName, rewindEpoch] = pruner.properties.rewind.anyOf;
const regularization = pruner.properties.regularization;

type ObjectForm<T> = Exclude<T, string>;

/** One clock's form of a schedule schema: without `other`'s fields, with `alsoRequired` required. */
function form(schema: { properties: object; required: readonly string[] }, other: readonly string[], alsoRequired: readonly string[]) {
  return {
    properties: Object.fromEntries(Object.entries(schema.properties).filter(([key]) => !other.includes(key))),
    required: [...schema.required, ...alsoRequired],
  };
}
type Granularity<K extends string> = Extract<GranularitySpec, { type: K }>;
type Resolved<K extends string> = Extract<ResolvedGranularity, { type: K }>;

interface ObjectRow { name: string; schema: { properties: object; required?: readonly string[] }; keys: object; required: object }

const objects: ObjectRow[] = [
  { name: 'SparsityConfig', schema: configSchema, keys: { $schema: true, target: true, pruners: true } satisfies Keys<SparsityConfig>, required: { pruners: true } satisfies RequiredKeys<SparsityConfig> },
  {
    // The root's `if`: a config with a target, whose structured pruner's schedule gives only the timing.
    name: 'BudgetConfig', schema: { properties: configSchema.properties, required: [...configSchema.required, ...configSchema.if.required] },
    keys: { $schema: true, target: true, pruners: true } satisfies Keys<BudgetConfig>, required: { target: true, pruners: true } satisfies RequiredKeys<BudgetConfig>,
  },
  {
    name: 'PrunerConfig', schema: pruner,
    keys: {
      name: true, layers: true, criterion: true, granularity: true, scope: true, schedule: true,
      seed: true, normalize: true, maxLayerSparsity: true, regularization: true, rewind: true,
    } satisfies Keys<PrunerConfig>,
    required: { schedule: true } satisfies RequiredKeys<PrunerConfig>,
  },
  {
    // Every field a pruner can be written with is filled in after resolution.
    name: 'ResolvedPrunerConfig', schema: { properties: pruner.properties, required: Object.keys(pruner.properties) },
    keys: {
      name: true, layers: true, criterion: true, granularity: true, scope: true, schedule: true,
      seed: true, normalize: true, maxLayerSparsity: true, regularization: true, rewind: true,
    } satisfies Keys<ResolvedPrunerConfig>,
    required: {
      name: true, layers: true, criterion: true, granularity: true, scope: true, schedule: true,
      seed: true, normalize: true, maxLayerSparsity: true, regularization: true, rewind: true,
    } satisfies RequiredKeys<ResolvedPrunerConfig>,
  },
  { name: 'GranularitySpec unstructured', schema: unstructured, keys: { type: true } satisfies Keys<Granularity<'unstructured'>>, required: { type: true } satisfies RequiredKeys<Granularity<'unstructured'>> },
  {
    name: 'GranularitySpec block', schema: block, keys: { type: true, shape: true, norm: true } satisfies Keys<Granularity<'block'>>,
    required: { type: true, shape: true } satisfies RequiredKeys<Granularity<'block'>>,
  },
  { name: 'GranularitySpec n:m', schema: nm, keys: { type: true, n: true, m: true } satisfies Keys<Granularity<'n:m'>>, required: { type: true, n: true, m: true } satisfies RequiredKeys<Granularity<'n:m'>> },
  { name: 'GranularitySpec structured', schema: structured, keys: { type: true, norm: true, roundTo: true } satisfies Keys<Granularity<'structured'>>, required: { type: true } satisfies RequiredKeys<Granularity<'structured'>> },
  // Resolved granularities have the same keys as written ones, all required.
  { name: 'ResolvedGranularity block', schema: { properties: block.properties, required: Object.keys(block.properties) }, keys: { type: true, shape: true, norm: true } satisfies Keys<Resolved<'block'>>, required: { type: true, shape: true, norm: true } satisfies RequiredKeys<Resolved<'block'>> },
  { name: 'ResolvedGranularity n:m', schema: { properties: nm.properties, required: Object.keys(nm.properties) }, keys: { type: true, n: true, m: true } satisfies Keys<Resolved<'n:m'>>, required: { type: true, n: true, m: true } satisfies RequiredKeys<Resolved<'n:m'>> },
  { name: 'ResolvedGranularity structured', schema: { properties: structured.properties, required: Object.keys(structured.properties) }, keys: { type: true, norm: true, roundTo: true } satisfies Keys<Resolved<'structured'>>, required: { type: true, norm: true, roundTo: true } satisfies RequiredKeys<Resolved<'structured'>> },
  { name: 'RegularizationSpec', schema: regularization, keys: { type: true, strength: true } satisfies Keys<RegularizationSpec>, required: { type: true, strength: true } satisfies RequiredKeys<RegularizationSpec> },
  { name: 'RewindSpec { epoch }', schema: rewindEpoch, keys: { epoch: true } satisfies Keys<ObjectForm<RewindSpec>>, required: { epoch: true } satisfies RequiredKeys<ObjectForm<RewindSpec>> },
  {
    name: 'LatencyTarget', schema: configSchema.properties.target.properties.latency,
    keys: { speedup: true, batch: true } satisfies Keys<LatencyTarget>, required: { speedup: true } satisfies RequiredKeys<LatencyTarget>,
  },
  { name: 'LayerSelector', schema: pruner.properties.layers, keys: { include: true, exclude: true, classes: true, trainable: true } satisfies Keys<LayerSelector>, required: {} satisfies RequiredKeys<LayerSelector> },
  // A schedule counts epochs or steps: each form is the kind's schema without the other clock's
  // fields. Which end (endEpoch or endStep, stepsPerRound for iterative steps) is required depends
  // on the form, so the kind's check requires it, not the schema (invalid-configs pins its text).
  // The end sparsity is required by the root's conditional, unless a target decides it
  // (`endSparsityKey`; invalid-configs pins both cases).
  {
    name: 'PolynomialDecayEpochSpec', schema: form(polynomialDecay, stepFields, ['endEpoch', endSparsityKey['polynomial-decay']]),
    keys: { type: true, initialSparsity: true, finalSparsity: true, startEpoch: true, endEpoch: true, frequency: true, power: true } satisfies Keys<PolynomialDecayEpochSpec>,
    required: { type: true, finalSparsity: true, endEpoch: true } satisfies RequiredKeys<PolynomialDecayEpochSpec>,
  },
  {
    name: 'PolynomialDecayStepSpec', schema: form(polynomialDecay, epochFields, ['endStep', endSparsityKey['polynomial-decay']]),
    keys: { type: true, initialSparsity: true, finalSparsity: true, startStep: true, endStep: true, frequency: true, power: true } satisfies Keys<PolynomialDecayStepSpec>,
    required: { type: true, finalSparsity: true, endStep: true } satisfies RequiredKeys<PolynomialDecayStepSpec>,
  },
  { name: 'OneShotEpochSpec', schema: form(oneShot, stepFields, [endSparsityKey['one-shot']]), keys: { type: true, sparsity: true, epoch: true } satisfies Keys<OneShotEpochSpec>, required: { type: true, sparsity: true } satisfies RequiredKeys<OneShotEpochSpec> },
  { name: 'OneShotStepSpec', schema: form(oneShot, epochFields, ['step', endSparsityKey['one-shot']]), keys: { type: true, sparsity: true, step: true } satisfies Keys<OneShotStepSpec>, required: { type: true, sparsity: true, step: true } satisfies RequiredKeys<OneShotStepSpec> },
  {
    name: 'IterativeEpochSpec', schema: form(iterative, stepFields, [endSparsityKey.iterative]),
    keys: { type: true, finalSparsity: true, rounds: true, startEpoch: true, epochsPerRound: true } satisfies Keys<IterativeEpochSpec>,
    required: { type: true, finalSparsity: true, rounds: true } satisfies RequiredKeys<IterativeEpochSpec>,
  },
  {
    name: 'IterativeStepSpec', schema: form(iterative, epochFields, ['stepsPerRound', endSparsityKey.iterative]),
    keys: { type: true, finalSparsity: true, rounds: true, startStep: true, stepsPerRound: true } satisfies Keys<IterativeStepSpec>,
    required: { type: true, finalSparsity: true, rounds: true, stepsPerRound: true } satisfies RequiredKeys<IterativeStepSpec>,
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
    ['CriterionName', pruner.properties.criterion.enum,
      { magnitude: true, random: true, gradient: true, taylor: true, movement: true, lamp: true, 'bn-scale': true } satisfies Record<CriterionName, true>],
    ['GranularitySpec names', granularityName.enum, { unstructured: true, structured: true } satisfies Record<Extract<GranularitySpec, string>, true>],
    ['GranularitySpec["type"]', granularityObject.oneOf.map((branch) => branch.properties.type.const),
      { unstructured: true, block: true, 'n:m': true, structured: true } satisfies Record<ObjectForm<GranularitySpec>['type'], true>],
    ['ResolvedGranularity["type"]', granularityObject.oneOf.map((branch) => branch.properties.type.const),
      { unstructured: true, block: true, 'n:m': true, structured: true } satisfies Record<ResolvedGranularity['type'], true>],
    ['block norm', block.properties.norm.enum, { l1: true, l2: true, max: true, avg: true } satisfies Record<NonNullable<Granularity<'block'>['norm']>, true>],
    ['structured norm', structured.properties.norm.enum, { l1: true, l2: true } satisfies Record<NonNullable<Granularity<'structured'>['norm']>, true>],
    ['normalize', pruner.properties.normalize.enum, { none: true, layer: true } satisfies Record<NonNullable<PrunerConfig['normalize']>, true>],
    ['RegularizationSpec["type"]', regularization.properties.type.enum,
      { l1: true, l2: true, 'group-l1': true } satisfies Record<RegularizationSpec['type'], true>],
    ['RewindSpec names', rewindName.enum, { none: true, init: true } satisfies Record<Extract<RewindSpec, string>, true>],
    ['PruningScope', pruner.properties.scope.enum, { layer: true, global: true } satisfies Record<PruningScope, true>],
    ['ScheduleSpec["type"]', pruner.properties.schedule.oneOf.map((branch) => branch.properties.type.const),
      { 'polynomial-decay': true, 'one-shot': true, iterative: true } satisfies Record<ScheduleSpec['type'], true>],
  ])('%s has the same values in the type and the schema', (_, values, record) => {
    expect(sorted(values)).toEqual(sorted(Object.keys(record)));
  });
});

describe('schedule defaults', () => {
  /** The smallest valid spec of each kind and clock: resolving it must give the defaults the schema documents. */
  it.each([
    [polynomialDecay, { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 }, stepFields],
    [oneShot, { type: 'one-shot', sparsity: 0.5 }, stepFields],
    [iterative, { type: 'iterative', finalSparsity: 0.8, rounds: 4 }, stepFields],
    [polynomialDecay, { type: 'polynomial-decay', finalSparsity: 0.9, endStep: 400 }, epochFields],
    [oneShot, { type: 'one-shot', sparsity: 0.5, step: 100 }, epochFields],
    [iterative, { type: 'iterative', finalSparsity: 0.8, rounds: 4, stepsPerRound: 100 }, epochFields],
  ] as const)('$properties.type.const fills the documented defaults (%#)', (schema, minimal, otherClock) => {
    const resolved = createSchedule(minimal).toJSON() as unknown as Record<string, unknown>;
    const properties = schema.properties as Record<string, { default?: unknown }>;
    for (const key of Object.keys(properties)) {
      if (key in minimal || (otherClock as readonly string[]).includes(key)) continue;
      expect(properties[key]?.default, key).toBeDefined();
      expect(resolved[key], key).toBe(properties[key]?.default);
    }
    for (const key of otherClock) expect(resolved, key).not.toHaveProperty(key);
  });
});

describe('pruner defaults', () => {
  const schedule = { type: 'one-shot', sparsity: 0.5 };
  const resolve = (fields: object): Record<string, unknown> =>
    validateConfig({ pruners: [{ schedule, ...fields }] }).pruners[0] as unknown as Record<string, unknown>;

  /** Writing the documented default must give what leaving the field out gives. */
  it.each(Object.entries(pruner.properties).filter(([, field]) => 'default' in field))('%s: the schema default is what omission resolves to', (key, field) => {
    expect(resolve({ [key]: (field as { default: unknown }).default })).toStrictEqual(resolve({}));
  });

  it.each([
    ['block norm', { type: 'block', shape: [4, 4] }, block.properties.norm.default],
    ['structured norm', { type: 'structured' }, structured.properties.norm.default],
  ])('%s: the schema default is what omission resolves to', (_, granularity, norm) => {
    expect(resolve({ granularity })['granularity']).toMatchObject({ ...granularity, norm });
  });

  it('structured: writing the schema defaults of norm and roundTo resolves like leaving them out', () => {
    const written = { type: 'structured', norm: structured.properties.norm.default, roundTo: structured.properties.roundTo.default };
    expect(resolve({ granularity: written })['granularity']).toStrictEqual(resolve({ granularity: { type: 'structured' } })['granularity']);
    expect(written.roundTo).toBe(1);
  });
});

describe('PruningConfig in TypeScript, as the schema has it', () => {
  it('a target\'s structured pruner writes only the timing; without a target every schedule needs its sparsity', () => {
    const budget: PruningConfig = {
      target: { macs: 0.5 },
      pruners: [
        { name: 'channels', granularity: { type: 'structured', roundTo: 8 }, schedule: { type: 'polynomial-decay', startEpoch: 1, endEpoch: 4 } },
        { name: 'zeros', schedule: { type: 'one-shot', sparsity: 0.5 } },
      ],
    };
    // @ts-expect-error without a target, the structured pruner's schedule needs its finalSparsity
    const missing: PruningConfig = { pruners: [{ granularity: 'structured', schedule: { type: 'polynomial-decay', endEpoch: 4 } }] };
    expect(validateConfig(budget).pruners[0]!.schedule).toEqual({ type: 'polynomial-decay', startEpoch: 1, endEpoch: 4, frequency: 1, power: 3 });
    expect(() => validateConfig(missing)).toThrow('config: /pruners/0/schedule is missing required key "finalSparsity"');
  });
});
