import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createSchedule } from '@tfjs-prune/schedules';

import { runCli } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, 'prune.json');
// The README's worked example (0 -> 0.9 over epochs 0..4, power 3) beside a one-shot at epoch 2.
writeFileSync(
  config,
  JSON.stringify({
    pruners: [
      { name: 'decay', schedule: { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 } },
      { name: 'once', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 2 } },
    ],
  }),
);

describe('tfjs-prune schedule', () => {
  it('prints target sparsity and mask updates per epoch, through the last update plus one by default', async () => {
    const run = await runCli(['schedule', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'epoch  decay      once',
        '-----  ---------  ---------',
        '    0    0.00% *    0.00%',
        '    1   52.03% *    0.00%',
        '    2   78.75% *   50.00% *',
        '    3   88.59% *   50.00%',
        '    4   90.00% *   50.00%',
        '    5   90.00%     50.00%',
        '',
      ].join('\n'),
    );
    expect(run.errors).toEqual(['* masks are recomputed at the start of that epoch; epochs are 0-based, as tfjs passes them to callbacks']);
  });

  /** A schedule counted in steps has no epochs of its own: the table needs the batches per epoch. */
  it('shows a schedule counted in steps per epoch with --steps-per-epoch, and asks for it otherwise', async () => {
    const steps = join(dir, 'steps.json');
    writeFileSync(steps, JSON.stringify({
      pruners: [
        { name: 'bysteps', schedule: { type: 'polynomial-decay', finalSparsity: 0.8, startStep: 10, endStep: 40, frequency: 10, power: 1 } },
        { name: 'once', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 } },
      ],
    }));
    const run = await runCli(['schedule', steps, '--steps-per-epoch', '20']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'epoch  bysteps    once',
        '-----  ---------  ---------',
        '    0    0.00% *    0.00%',
        '    1   53.33% *   50.00% *',
        '    2   80.00% *   50.00%',
        '    3   80.00%     50.00%',
        '',
      ].join('\n'),
    );
    const refused = await runCli(['schedule', steps]);
    expect(refused.code).toBe(2);
    expect(refused.errors).toEqual([
      `error: ${steps}: /pruners/0/schedule counts optimizer steps: pass --steps-per-epoch <n> (batches per epoch, ceil(samples / batch size)) to show it per epoch`,
    ]);
  });

  it('--json gives the exact values and --epochs the span', async () => {
    const run = await runCli(['schedule', config, '--json', '--epochs', '3']);
    expect(run.code).toBe(0);
    const { steps } = JSON.parse(run.stdout) as { steps: { epoch: number; pruner: string; sparsity: number; update: boolean }[] };
    const decay = steps.filter((s) => s.pruner === 'decay');
    // Exactly what the library computes, which is the README's 0, 0.5203125, 0.7875 to rounding.
    const library = createSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 4 });
    expect(decay.map((s) => [s.sparsity, s.update])).toEqual([0, 1, 2].map((e) => [library.sparsityAt(e), true]));
    [0, 0.5203125, 0.7875].forEach((value, e) => expect(decay[e]?.sparsity).toBeCloseTo(value, 12));
    expect(steps.filter((s) => s.pruner === 'once').map((s) => [s.sparsity, s.update])).toEqual([
      [0, false],
      [0, false],
      [0.5, true],
    ]);
  });

  it('--svg draws both curves with vega', async () => {
    const svg = join(dir, 'curves.svg');
    const run = await runCli(['schedule', config, '--svg', svg, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('>decay</text>');
    expect(text).toContain('>once</text>');
    expect(text).toContain('>target sparsity</text>');
  });

  it('refuses a bad --epochs as a usage error (exit 2) in one line', async () => {
    const run = await runCli(['schedule', config, '--epochs', '0']);
    expect(run.code).toBe(2);
    expect(run.errors).toEqual(["error: option '--epochs <n>' argument '0' is invalid. expected a positive integer."]);
  });
});
