import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './support/run-cli.js';

const schema = fileURLToPath(new URL('../../schedules/schema.json', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-init-'));
mkdirSync(join(project, 'node_modules/@tfjs-prune/schedules'), { recursive: true });
copyFileSync(schema, join(project, 'node_modules/@tfjs-prune/schedules/schema.json'));
mkdirSync(join(project, 'configs'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const read = (file: string) => JSON.parse(readFileSync(join(project, file), 'utf8')) as { $schema: string; pruners: unknown[] };

describe('tfjs-prune init', () => {
  it('writes prune.json at the project root with a $schema that resolves from there', async () => {
    const run = await runCli(['init'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.errors[0]).toBe('wrote prune.json ($schema: ./node_modules/@tfjs-prune/schedules/schema.json)');
    expect(read('prune.json')).toEqual({
      $schema: './node_modules/@tfjs-prune/schedules/schema.json',
      pruners: [
        {
          name: 'all-kernels',
          criterion: 'magnitude',
          granularity: 'unstructured',
          scope: 'layer',
          schedule: { type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.8, startEpoch: 1, endEpoch: 6, frequency: 1 },
        },
      ],
    });
    expect((await runCli(['validate', 'prune.json'], { cwd: project })).code).toBe(0);
  });

  it('one folder down, the $schema climbs one level', async () => {
    const run = await runCli(['init', 'configs/prune.json', '--quiet'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(read('configs/prune.json').$schema).toBe('../node_modules/@tfjs-prune/schedules/schema.json');
  });

  it('creates the folder it is asked to write into, and the $schema climbs out of it', async () => {
    const run = await runCli(['init', 'new/deeper/prune.json', '--quiet'], { cwd: project });
    expect(run.code).toBe(0);
    expect(read('new/deeper/prune.json').$schema).toBe('../../node_modules/@tfjs-prune/schedules/schema.json');
  });

  it('never overwrites a file unless --force', async () => {
    const run = await runCli(['init', 'configs/prune.json'], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual(['error: configs/prune.json: already exists; pass --force to overwrite it']);
    expect((await runCli(['init', 'configs/prune.json', '--force', '--quiet'], { cwd: project })).code).toBe(0);
  });
});
