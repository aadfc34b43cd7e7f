import { describe, expect, it } from 'vitest';
import { configSchema } from '@tfjs-prune/schedules';
import { isScheduleType, scheduleKinds } from '../src/schedule-kinds.js';
import { epochFields, specUnit, stepFields } from '../src/schedule-unit.js';

/**
 * Each schedule kind is one record (defaults, resolution, rules, factory) and a schema branch.
 * This holds every record and its branch to one contract, so a new kind cannot forget a part or
 * let two drift apart.
 */
interface KindSchema {
  properties: Record<string, { const?: unknown; default?: unknown }>;
  required: readonly string[];
  examples: readonly Record<string, unknown>[];
}

const branches: readonly unknown[] = configSchema.properties.pruners.items.properties.schedule.oneOf;

describe.each(scheduleKinds.map((kind, i) => [kind.type, kind, branches[i]] as const))('schedule kind %s', (type, kind, branch) => {
  const schema = branch as KindSchema;

  it('has the schema branch its type names, in the table order', () => {
    expect(branches).toHaveLength(scheduleKinds.length);
    expect(schema.properties['type']?.const).toBe(type);
    expect(isScheduleType(type)).toBe(true);
  });

  it('documents exactly its defaults in the schema', () => {
    const documented = Object.fromEntries(
      Object.entries(schema.properties).filter(([, field]) => 'default' in field).map(([key, field]) => [key, field.default]),
    );
    expect(documented).toStrictEqual({ ...kind.defaults });
    for (const key of Object.keys(kind.defaults)) expect(schema.required).not.toContain(key);
  });

  it('has an example counted in epochs and one counted in steps', () => {
    expect(schema.examples.map((example) => specUnit(example))).toEqual(['epoch', 'step']);
  });

  it('resolves its examples to every field, and builds a schedule that serializes back to them', () => {
    for (const example of schema.examples) {
      const resolved = (kind.resolve as (spec: unknown) => Record<string, unknown>)(example);
      // A spec counts epochs or steps: it resolves to every field but the other clock's.
      const otherClock: readonly string[] = specUnit(example) === 'step' ? epochFields : stepFields;
      expect(Object.keys(resolved).sort()).toStrictEqual(Object.keys(schema.properties).filter((k) => !otherClock.includes(k)).sort());
      expect(resolved).toMatchObject(example);
      const schedule = (kind.create as (spec: unknown) => { toJSON(): unknown; sparsityAt(e: number): number })(resolved);
      expect(schedule.toJSON()).toStrictEqual(resolved);
      const first = (kind.firstUpdate as (spec: unknown) => number)(resolved);
      const last = (kind.lastUpdate as (spec: unknown) => number)(resolved);
      expect(first).toBeLessThanOrEqual(last);
      if (first > 0) expect(schedule.sparsityAt(first - 1)).toBe(0);
    }
  });
});

it('no other schedule type is known', () => {
  expect(scheduleKinds.map((kind) => kind.type)).toStrictEqual(['polynomial-decay', 'one-shot', 'iterative']);
  expect(isScheduleType('cosine')).toBe(false);
  expect(isScheduleType('toString')).toBe(false);
});
