import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSchedule, firstUpdateEpoch, gradientCriteria, lastUpdateEpoch, type ScheduleSpec } from '@tfjs-prune/schedules';
import { loadConfig } from '@tfjs-prune/schedules/node';
import { withProgressStandIn } from '../src/budget-target.js';

/** The config files users copy must stay valid as the format evolves. */
const folder = fileURLToPath(new URL('../examples/', import.meta.url));
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

describe('examples/schedules', () => {
  it('holds the documented examples', () => {
    expect(files).toEqual(expect.arrayContaining([
      'iterative-lottery.json', 'lenet-300-100.json', 'lottery-rewind.json', 'movement.json', 'nm-2-4.json', 'one-shot-50.json',
      'structured-filters.json',
    ]));
  });

  it.each(files)('%s validates, and its $schema resolves to this package\'s schema.json', async (name) => {
    const path = join(folder, name);
    const config = await loadConfig(path);
    expect(config.pruners.length).toBeGreaterThan(0);
    // Under a target the structured pruner's schedule gives only timing (the engine adds a stand-in sparsity).
    const timing = (schedule: ScheduleSpec): ScheduleSpec => (config.target === undefined ? schedule : withProgressStandIn(schedule));
    // Files hold specs, never schedule objects.
    for (const pruner of config.pruners) expect(() => createSchedule(timing(pruner.schedule as ScheduleSpec))).not.toThrow();
    const { $schema } = JSON.parse(readFileSync(path, 'utf8')) as { $schema: string };
    expect(realpathSync(resolve(dirname(path), $schema))).toBe(realpathSync(fileURLToPath(new URL('../schema.json', import.meta.url))));
  });

  it('plans lenet-300-100 for a 10-epoch run, pruning the output layer least', async () => {
    const config = await loadConfig(join(folder, 'lenet-300-100.json'));
    const [hidden, output] = config.pruners;
    expect(hidden?.layers.include).toEqual(['hidden*']);
    expect(output?.layers.include).toEqual(['logits']);
    expect(hidden && createSchedule(hidden.schedule).sparsityAt(9)).toBe(0.9);
    expect(output && createSchedule(output.schedule).sparsityAt(9)).toBe(0.7);
    for (const pruner of config.pruners) expect(lastUpdateEpoch(pruner.schedule)).toBeLessThan(10);
  });

  it('nm-2-4 prunes Dense layers to 2:4 once, at epoch 1', async () => {
    const [pruner] = (await loadConfig(join(folder, 'nm-2-4.json'))).pruners;
    expect(pruner?.layers.classes).toEqual(['Dense']);
    expect(pruner?.granularity).toStrictEqual({ type: 'n:m', n: 2, m: 4 });
    expect(pruner?.schedule).toStrictEqual({ type: 'one-shot', sparsity: 0.5, epoch: 1 });
  });

  it('structured-filters removes half the conv filters, ranked globally with per-layer normalization', async () => {
    const [pruner] = (await loadConfig(join(folder, 'structured-filters.json'))).pruners;
    expect(pruner?.granularity).toStrictEqual({ type: 'structured', norm: 'l1', roundTo: 1 });
    expect(pruner?.scope).toBe('global');
    expect(pruner?.normalize).toBe('layer');
    expect(pruner && createSchedule(pruner.schedule).sparsityAt(9)).toBe(0.5);
  });

  /** Gradient criteria need training steps before their first update (or calibration data in code). */
  it('movement scores with gradients, so it first updates after epoch 0', async () => {
    const [pruner] = (await loadConfig(join(folder, 'movement.json'))).pruners;
    expect(pruner && gradientCriteria.includes(pruner.criterion)).toBe(true);
    expect(pruner && firstUpdateEpoch(pruner.schedule)).toBe(1);
    expect(pruner && createSchedule(pruner.schedule).sparsityAt(9)).toBe(0.9);
  });

  it('lottery-rewind rewinds to epoch 1, before its first round, with l1 regularization', async () => {
    const [pruner] = (await loadConfig(join(folder, 'lottery-rewind.json'))).pruners;
    expect(pruner?.rewind).toStrictEqual({ epoch: 1 });
    expect(pruner?.regularization).toStrictEqual({ type: 'l1', strength: 1e-4 });
    expect(pruner?.schedule).toMatchObject({ type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 2 });
    expect(pruner && lastUpdateEpoch(pruner.schedule)).toBeLessThan(10);
  });
});
