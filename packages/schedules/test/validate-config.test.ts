import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSchedule, PruningConfigError, validateConfig, type ScheduleSpec } from '@tfjs-prune/schedules';

const poly = { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 8 } as const;

describe('validateConfig', () => {
  it('fills every default', () => {
    expect(validateConfig({ pruners: [{ schedule: poly }, { schedule: { type: 'one-shot', sparsity: 0.5 } }] })).toStrictEqual({
      pruners: [
        {
          name: 'pruner-0', layers: {}, criterion: 'magnitude', granularity: 'unstructured', scope: 'layer',
          schedule: { type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.9, startEpoch: 0, endEpoch: 8, frequency: 1, power: 3 },
        },
        {
          name: 'pruner-1', layers: {}, criterion: 'magnitude', granularity: 'unstructured', scope: 'layer',
          schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 },
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
