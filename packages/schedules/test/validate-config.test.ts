import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSchedule,
  PruningConfigError,
  validateConfig,
  type ResolvedPrunerConfig,
  type ScheduleSpec,
} from '@tfjs-prune/schedules';
import { TARGET_PROGRESS_SPARSITY, withProgressStandIn } from '../src/budget-target.js';

const poly = { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 8 } as const;
const resolvedPoly = { type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.9, startEpoch: 0, endEpoch: 8, frequency: 1, power: 3 } as const;
/** What every optional pruner field resolves to when it is left out. */
const neutral = {
  criterion: 'magnitude', granularity: { type: 'unstructured' }, scope: 'layer',
  seed: 0, normalize: 'none', maxLayerSparsity: null, regularization: null, rewind: 'none',
} as const;

describe('validateConfig', () => {
  it('fills every default', () => {
    expect(validateConfig({ pruners: [{ schedule: poly }, { schedule: { type: 'one-shot', sparsity: 0.5 } }] })).toStrictEqual({
      pruners: [
        {
          name: 'pruner-0', layers: {}, criterion: 'magnitude', granularity: { type: 'unstructured' }, scope: 'layer',
          schedule: resolvedPoly,
          seed: 0, normalize: 'none', maxLayerSparsity: null, regularization: null, rewind: 'none',
        },
        {
          name: 'pruner-1', layers: {}, criterion: 'magnitude', granularity: { type: 'unstructured' }, scope: 'layer',
          schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 },
          seed: 0, normalize: 'none', maxLayerSparsity: null, regularization: null, rewind: 'none',
        },
      ],
    });
  });

  it('keeps what is given and drops $schema', () => {
    const config = {
      $schema: './schema.json',
      pruners: [{ name: 'a', layers: { include: ['d*'], exclude: ['logits'], classes: ['Dense'] }, scope: 'global', schedule: poly }],
    };
    const [pruner] = validateConfig(config).pruners;
    expect(pruner?.name).toBe('a');
    expect(pruner?.scope).toBe('global');
    expect(pruner?.layers).toStrictEqual({ include: ['d*'], exclude: ['logits'], classes: ['Dense'] });
    expect(validateConfig(config)).not.toHaveProperty('$schema');
  });

  /** Callers pass in objects they keep using; ajv's useDefaults would have written into them. */
  it('never mutates its input and shares nothing with it', () => {
    const config = deepFreeze({ pruners: [{ layers: { include: ['a'] }, schedule: poly }] });
    const before = structuredClone(config);
    const resolved = validateConfig(config);
    expect(config).toStrictEqual(before);
    resolved.pruners[0]?.layers.include?.push('b');
    expect(config.pruners[0]?.layers.include).toEqual(['a']);
  });

  it('reports "__proto__" keys at every level as unknown and never pollutes Object.prototype', () => {
    const payload = '{"polluted": true}';
    const text = `{"__proto__": ${payload}, "pruners": [{"__proto__": ${payload}, "layers": {"__proto__": ${payload}},
      "schedule": {"type": "one-shot", "sparsity": 0.5, "__proto__": ${payload}}}]}`;
    expect(() => validateConfig(JSON.parse(text), { source: 'prune.json' })).toThrow(
      [
        'prune.json: / has unknown key "__proto__"',
        'prune.json: /pruners/0 has unknown key "__proto__"',
        'prune.json: /pruners/0/layers has unknown key "__proto__"',
        'prune.json: /pruners/0/schedule has unknown key "__proto__"',
      ].join('\n'),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('defaults the source to "config"', () => {
    expect(() => validateConfig({})).toThrow(new PruningConfigError('config', [{ pointer: '', message: 'is missing required key "pruners"' }]));
    expect(() => validateConfig({})).toThrow('config: / is missing required key "pruners"');
  });

  it('either returns or throws PruningConfigError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => returnsOrThrowsConfigError(() => validateConfig(value))));
  });

  it('either returns or throws PruningConfigError for any value at all', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withDate: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
      (value) => returnsOrThrowsConfigError(() => validateConfig(value))));
  });

  it('either returns or throws PruningConfigError for near-valid configs', () => {
    const near = fc.record({
      pruners: fc.array(fc.record({ name: fc.constantFrom('a', 'pruner-0', ''), scope: fc.jsonValue(), schedule: fc.dictionary(
        fc.constantFrom('type', 'finalSparsity', 'initialSparsity', 'startEpoch', 'endEpoch', 'sparsity', 'rounds', 'frequency', 'power'),
        fc.oneof(fc.constantFrom('polynomial-decay', 'one-shot', 'iterative'), fc.double(), fc.integer({ min: -2, max: 10 })),
      ) }, { requiredKeys: ['schedule'] })),
    });
    fc.assert(fc.property(near, (value) => returnsOrThrowsConfigError(() => validateConfig(value))));
  });
});

describe('a budget target', () => {
  /**
   * The targeted schedule resolves without a sparsity, so the resolved config validates to
   * itself (checkpoints re-validate what they stored); the engine adds the stand-in when it builds it.
   */
  it('resolves the structured pruner\'s schedule without a sparsity, and validates to itself', () => {
    const resolved = validateConfig({
      target: { macs: 0.5 },
      pruners: [
        { name: 'channels', granularity: 'structured', schedule: { type: 'polynomial-decay', startEpoch: 1, endEpoch: 4 } },
        { name: 'rest', schedule: { type: 'one-shot', sparsity: 0.3 } },
      ],
    });
    expect(resolved.target).toEqual({ macs: 0.5 });
    expect(resolved.pruners.map((p) => p.schedule)).toEqual([
      { type: 'polynomial-decay', startEpoch: 1, endEpoch: 4, frequency: 1, power: 3 },
      { type: 'one-shot', sparsity: 0.3, epoch: 0 },
    ]);
    expect(Object.keys(resolved.pruners[0]!.schedule)).not.toContain('finalSparsity');
    expect(validateConfig(resolved)).toStrictEqual(resolved);
    expect(withProgressStandIn({ type: 'one-shot', epoch: 2 })).toEqual({ type: 'one-shot', epoch: 2, sparsity: TARGET_PROGRESS_SPARSITY });
    expect(validateConfig({ pruners: [{ schedule: { type: 'one-shot', sparsity: 0.3 } }] })).not.toHaveProperty('target');
  });
});

describe('a latency target', () => {
  it('resolves batch to 1 when left out, keeps it when given, and validates to itself', () => {
    const pruners = [{ name: 'channels', granularity: 'structured', schedule: { type: 'one-shot', epoch: 1 } }];
    const resolved = validateConfig({ target: { latency: { speedup: 2 } }, pruners });
    expect(resolved.target).toStrictEqual({ latency: { speedup: 2, batch: 1 } });
    expect(validateConfig(resolved)).toStrictEqual(resolved);
    expect(validateConfig({ target: { latency: { speedup: 1.5, batch: 64 } }, pruners }).target).toStrictEqual({ latency: { speedup: 1.5, batch: 64 } });
  });
});

/** Each new option as written, and the resolved pruner it gives (name, layers and defaults aside). */
const options: [string, object, Partial<ResolvedPrunerConfig>][] = [
  ['criterion "random" with a seed', { criterion: 'random', seed: 42 }, { criterion: 'random', seed: 42 }],
  ['criterion "gradient"', { criterion: 'gradient', schedule: { ...poly, startEpoch: 1 } }, { criterion: 'gradient', schedule: { ...resolvedPoly, startEpoch: 1 } }],
  ['criterion "taylor"', { criterion: 'taylor' }, { criterion: 'taylor' }],
  ['criterion "movement"', { criterion: 'movement' }, { criterion: 'movement' }],
  ['criterion "lamp"', { criterion: 'lamp', scope: 'global' }, { criterion: 'lamp', scope: 'global' }],
  ['criterion "bn-scale" with structured granularity', { criterion: 'bn-scale', granularity: 'structured' }, { criterion: 'bn-scale', granularity: { type: 'structured', norm: 'l1', roundTo: 1 } }],
  ['granularity "unstructured" as a name', { granularity: 'unstructured' }, { granularity: { type: 'unstructured' } }],
  ['granularity "structured" as a name', { granularity: 'structured' }, { granularity: { type: 'structured', norm: 'l1', roundTo: 1 } }],
  ['structured with roundTo 8', { granularity: { type: 'structured', roundTo: 8 } }, { granularity: { type: 'structured', norm: 'l1', roundTo: 8 } }],
  ['structured with the l2 norm', { granularity: { type: 'structured', norm: 'l2' } }, { granularity: { type: 'structured', norm: 'l2', roundTo: 1 } }],
  ['block with the default norm', { granularity: { type: 'block', shape: [4, 4] } }, { granularity: { type: 'block', shape: [4, 4], norm: 'l1' } }],
  ['block with the max norm', { granularity: { type: 'block', shape: [1, 16], norm: 'max' } }, { granularity: { type: 'block', shape: [1, 16], norm: 'max' } }],
  ['2:4 with a one-shot at 0.5', { granularity: { type: 'n:m', n: 2, m: 4 }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } },
    { granularity: { type: 'n:m', n: 2, m: 4 }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } }],
  ['1:3 with a sparsity within 1e-9 of 2/3', { granularity: { type: 'n:m', n: 1, m: 3 }, schedule: { type: 'iterative', finalSparsity: 0.6666666667, rounds: 1 } },
    { granularity: { type: 'n:m', n: 1, m: 3 }, schedule: { type: 'iterative', finalSparsity: 0.6666666667, rounds: 1, startEpoch: 0, epochsPerRound: 1 } }],
  ['n:m with a flat polynomial decay', { granularity: { type: 'n:m', n: 1, m: 4 }, schedule: { ...poly, initialSparsity: 0.75, finalSparsity: 0.75 } },
    { granularity: { type: 'n:m', n: 1, m: 4 }, schedule: { ...resolvedPoly, initialSparsity: 0.75, finalSparsity: 0.75 } }],
  ['global scope with normalize and a cap', { scope: 'global', normalize: 'layer', maxLayerSparsity: 0.95 }, { scope: 'global', normalize: 'layer', maxLayerSparsity: 0.95 }],
  ['l1 regularization', { regularization: { type: 'l1', strength: 0.0001 } }, { regularization: { type: 'l1', strength: 0.0001 } }],
  ['l2 regularization', { regularization: { type: 'l2', strength: 0.001 } }, { regularization: { type: 'l2', strength: 0.001 } }],
  ['group-l1 with structured granularity', { granularity: 'structured', regularization: { type: 'group-l1', strength: 0.001 } },
    { granularity: { type: 'structured', norm: 'l1', roundTo: 1 }, regularization: { type: 'group-l1', strength: 0.001 } }],
  ['rewind to init', { rewind: 'init', schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3 } },
    { rewind: 'init', schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 0, epochsPerRound: 1 } }],
  ['rewind to an epoch before the first round', { rewind: { epoch: 1 }, schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 2 } },
    { rewind: { epoch: 1 }, schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 2, epochsPerRound: 1 } }],
  // Neutral values are accepted whatever the other fields say, so a resolved config validates as it is.
  ['neutral values under any criterion, scope and schedule', { seed: 0, normalize: 'none', maxLayerSparsity: null, regularization: null, rewind: 'none' }, {}],
];

describe('new pruner options', () => {
  it.each(options)('%s resolves as documented', (_, fields, expected) => {
    const [pruner] = validateConfig({ pruners: [{ schedule: poly, ...fields }] }).pruners;
    expect(pruner).toStrictEqual({ name: 'pruner-0', layers: {}, ...neutral, schedule: resolvedPoly, ...expected });
  });

  /** A resolved config is a valid config that resolves to itself (STYLE 4: config round-trips exactly). */
  it.each(options)('%s round-trips: validateConfig(resolved) deep-equals resolved', (_, fields) => {
    const resolved = validateConfig({ pruners: [{ schedule: poly, ...fields }] });
    expect(validateConfig(JSON.parse(JSON.stringify(resolved)))).toStrictEqual(resolved);
  });

  it('copies granularity, regularization and rewind objects instead of sharing them', () => {
    const config = deepFreeze({
      pruners: [{ granularity: { type: 'block', shape: [2, 2] }, regularization: { type: 'l1', strength: 1 }, rewind: { epoch: 0 },
        schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 2, startEpoch: 1 } }],
    });
    const [pruner] = validateConfig(config).pruners;
    expect(pruner?.granularity).not.toBe(config.pruners[0]?.granularity);
    expect(pruner?.granularity.type === 'block' && pruner.granularity.shape).not.toBe(config.pruners[0]?.granularity.shape);
    expect(pruner?.regularization).not.toBe(config.pruners[0]?.regularization);
    expect(pruner?.rewind).not.toBe(config.pruners[0]?.rewind);
  });

  it('either returns or throws PruningConfigError for near-valid configs using the new options', () => {
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom('random', 'global', 'layer', 'none', 'init', 'structured', 'l1', 'group-l1', 0, 1, 0.5));
    const granularity = fc.oneof(value, fc.record({
      type: fc.constantFrom('unstructured', 'block', 'n:m', 'structured', 'blok'),
      shape: fc.array(fc.integer({ min: -1, max: 5 })), n: fc.integer({ min: -1, max: 70 }), m: fc.integer({ min: -1, max: 70 }), norm: value,
    }, { requiredKeys: ['type'] }));
    const near = fc.record({
      pruners: fc.array(fc.record({
        criterion: value, seed: value, scope: value, normalize: value, maxLayerSparsity: value, granularity,
        regularization: fc.oneof(value, fc.record({ type: value, strength: value }, { requiredKeys: [] })),
        rewind: fc.oneof(value, fc.record({ epoch: fc.integer({ min: -1, max: 5 }) })),
        schedule: fc.constantFrom(poly, { type: 'one-shot', sparsity: 0.5 }, { type: 'iterative', finalSparsity: 0.5, rounds: 1, startEpoch: 2 }, { type: 'iterative', rounds: 'x' }),
      }, { requiredKeys: ['schedule'] }), { minLength: 1 }),
    });
    fc.assert(fc.property(near, (config) => returnsOrThrowsConfigError(() => {
      const resolved = validateConfig(config);
      expect(validateConfig(resolved)).toStrictEqual(resolved); // whatever validates round-trips
    })));
  });
});

describe('createSchedule', () => {
  it('validates the spec like a config file schedule, with source "schedule"', () => {
    const spec = { type: 'polynomial-decay', finalSparsity: 1.5, startEpoch: 4, endEpoch: 2, steps: 3 } as unknown as ScheduleSpec;
    expect(() => createSchedule(spec)).toThrow(
      [
        'schedule: / has unknown key "steps"',
        'schedule: /endEpoch must be > startEpoch, which is 4 (got 2)',
        'schedule: /finalSparsity must be < 1 (got 1.5)',
      ].join('\n'),
    );
  });

  it('rejects numbers JSON cannot hold', () => {
    expect(() => createSchedule({ type: 'one-shot', sparsity: Number.NaN, epoch: Infinity })).toThrow(
      'schedule: /epoch must be an integer (got Infinity)\nschedule: /sparsity must be a number (got NaN)',
    );
  });
});

function returnsOrThrowsConfigError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PruningConfigError);
    expect((error as PruningConfigError).issues.length).toBeGreaterThan(0);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}
