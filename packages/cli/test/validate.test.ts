import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const good = file('good.json', JSON.stringify({ pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] }));
const typo = file('typo.json', JSON.stringify({ pruners: [{ schedule: { type: 'polynomial-decay', finalSparsty: 0.9, endEpoch: 3 } }] }));
const tooHigh = file('high.json', JSON.stringify({ pruners: [{ schedule: { type: 'one-shot', sparsity: 1.5 } }] }));
const notJson = file('broken.json', '{ "pruners": [ }');
const missing = join(dir, 'missing.json');

describe('tfjs-prune validate', () => {
  it('exits 0 and says so for valid files', async () => {
    const run = await runCli(['validate', good, 'examples/schedules/lenet-300-100.json'], { cwd: join(import.meta.dirname, '../../..') });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.errors).toEqual([`${good}: valid`, 'examples/schedules/lenet-300-100.json: valid']);
  });

  it("reports every problem of every file with the library's own messages, then exits 1", async () => {
    const run = await runCli(['validate', typo, good, tooHigh, notJson, missing]);
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      `${typo}: /pruners/0/schedule has unknown key "finalSparsty" (did you mean "finalSparsity"?)`,
      `${typo}: /pruners/0/schedule is missing required key "finalSparsity"`,
      `${tooHigh}: /pruners/0/schedule/sparsity must be < 1 (got 1.5)`,
      expect.stringMatching(new RegExp(`^${notJson.replaceAll('\\', '\\\\')}: invalid JSON at line 1, column \\d+: `)),
      `${missing}: cannot read file (ENOENT: no such file or directory)`,
      `${good}: valid`,
      '4 of 5 files invalid',
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--json prints the issues as data on stdout and nothing on stderr', async () => {
    const run = await runCli(['validate', '--json', good, tooHigh]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      files: [
        { file: good, valid: true, issues: [] },
        { file: tooHigh, valid: false, issues: [{ pointer: '/pruners/0/schedule/sparsity', message: 'must be < 1 (got 1.5)' }] },
      ],
    });
  });

  it('--quiet keeps the problems and drops the progress lines', async () => {
    const run = await runCli(['validate', '--quiet', good, tooHigh]);
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([`${tooHigh}: /pruners/0/schedule/sparsity must be < 1 (got 1.5)`]);
  });
});
