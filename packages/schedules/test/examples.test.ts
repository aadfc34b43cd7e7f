import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSchedule, lastUpdateEpoch, loadConfig } from '@tfjs-prune/schedules';

/** The config files users copy must stay valid as the format evolves. */
const folder = fileURLToPath(new URL('../../../examples/schedules/', import.meta.url));
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

describe('examples/schedules', () => {
  it('holds the documented examples', () => {
    expect(files).toEqual(expect.arrayContaining(['iterative-lottery.json', 'lenet-300-100.json', 'one-shot-50.json']));
  });

  it.each(files)('%s validates, and its $schema resolves to this package\'s schema.json', async (name) => {
    const path = join(folder, name);
    const config = await loadConfig(path);
    expect(config.pruners.length).toBeGreaterThan(0);
    for (const pruner of config.pruners) expect(() => createSchedule(pruner.schedule)).not.toThrow();
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
});
