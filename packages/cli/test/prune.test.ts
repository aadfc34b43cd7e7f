import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './support/run-cli.js';
import { saveClassifier, zerosOf } from './support/tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-prune-'));
const digits = join(dir, 'digits');
const table = join(dir, 'table');
const config = join(dir, 'prune.json');
const csv = join(dir, 'iris-like.csv');
beforeAll(async () => {
  await saveClassifier(digits, 784, 10);
  await saveClassifier(table, 3, 3);
  writeFileSync(config, JSON.stringify({ pruners: [{ name: 'half', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } }] }));
  const rows = Array.from({ length: 30 }, (_, i) => `${i % 3},${(i % 3) + 0.1 * i},${i % 5},${-i}`);
  writeFileSync(csv, ['label,a,b,c', ...rows].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (model: string, out: string, ...rest: string[]) => ['prune', model, '--config', config, '--out', out, '--backend', 'cpu', '--batch-size', '32', ...rest];

describe('tfjs-prune prune', () => {
  it('fine-tunes on the bundled digits and exports a model with exactly the target sparsity', async () => {
    const out = join(dir, 'out-mnist');
    const run = await runCli(base(digits, out, '--data', 'mnist', '--train-size', '64', '--epochs', '2'));
    expect(run.code).toBe(0);
    expect(run.errors.filter((line) => line.startsWith('epoch '))).toEqual([
      expect.stringMatching(/^epoch 1\/2 {2}loss \d\.\d{4} {2}acc \d+\.\d\d% {2}sparsity 50\.0% {2}\d+\.\d s$/),
      expect.stringMatching(/^epoch 2\/2 {2}loss \d\.\d{4} {2}acc \d+\.\d\d% {2}sparsity 50\.0% {2}\d+\.\d s$/),
    ]);
    expect(run.stdout).toMatch(/^half\s+hidden\s+kernel\s+784x8\s+6272\s+3136\s+50\.0%\s+50\.0%$/m);
    expect(run.stdout).toMatch(/^test accuracy: \d+\.\d\d% \(2000 held-out samples\)$/m);
    expect(await zerosOf(out)).toMatchObject({
      'hidden/kernel': { size: 6272, zeros: 3136 },
      'logits/kernel': { size: 80, zeros: 40 },
    });
  });

  it('trains on a CSV file with a label column', async () => {
    const out = join(dir, 'out-csv');
    const run = await runCli(base(table, out, '--data', `csv:${csv}`, '--epochs', '1', '--quiet'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(await zerosOf(out)).toMatchObject({ 'hidden/kernel': { size: 24, zeros: 12 }, 'logits/kernel': { size: 24, zeros: 12 } });
  });

  it('checkpoints every epoch and resumes when the same command runs again', async () => {
    const out = join(dir, 'out-resume');
    const checkpoints = join(dir, 'checkpoints');
    const first = await runCli(base(table, out, '--data', csv, '--epochs', '1', '--checkpoint', checkpoints));
    expect(first.code).toBe(0);
    expect(existsSync(join(checkpoints, 'latest.json'))).toBe(true);
    const second = await runCli(base(table, out, '--data', csv, '--epochs', '2', '--checkpoint', checkpoints));
    expect(second.code).toBe(0);
    expect(second.errors).toContain(`resuming from ${checkpoints} at epoch 2 of 2`);
    expect(second.errors.filter((line) => line.startsWith('epoch '))).toEqual([expect.stringMatching(/^epoch 2\/2 /)]);
    // Once finished, the same command again trains nothing and does not claim to resume at "epoch 3 of 2".
    const third = await runCli(base(table, out, '--data', csv, '--epochs', '2', '--checkpoint', checkpoints));
    expect(third.code).toBe(0);
    expect(third.errors.filter((line) => line.startsWith('resuming') || line.includes('nothing left'))).toEqual([
      `${checkpoints} already holds epoch 2 of 2; nothing left to train`,
    ]);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ pruners: [{ schedule: { type: 'one-shot', sparsity: 0.25 } }] }));
    const refused = await runCli(['prune', table, '--config', other, '--data', csv, '--epochs', '3', '--out', out, '--checkpoint', checkpoints, '--backend', 'cpu', '--quiet']);
    expect(refused.code).toBe(1);
    expect(refused.errors).toEqual([
      `error: ${checkpoints}: was written with a different pruning config; resume with the config it was written with, or start over in another directory`,
    ]);
  });

  /** The trap: `--epochs 2` with a longer schedule exported a barely pruned model and exited 0. */
  it('warns when training ends short of the schedule, and --strict exits 3 writing nothing', async () => {
    const long = join(dir, 'long.json');
    writeFileSync(long, JSON.stringify({ pruners: [{ name: 'slow', schedule: { type: 'polynomial-decay', finalSparsity: 0.5, endEpoch: 3, power: 1 } }] }));
    const args = (out: string, ...rest: string[]) =>
      ['prune', table, '--config', long, '--data', csv, '--epochs', '2', '--out', out, '--backend', 'cpu', '--quiet', ...rest];
    const warning = 'warning: slow: short of its schedule: target 50.0%, reached 16.7%, 2 epochs short ' +
      '(the last mask update is at epoch 3; train longer, or end the schedule earlier)';
    const lenient = await runCli(args(join(dir, 'out-short')));
    expect(lenient.code).toBe(0);
    expect(lenient.errors).toEqual([warning]);
    expect(lenient.stdout).toMatch(/^slow\s+hidden\s+kernel\s+3x8\s+24\s+20\s+50\.0%\s+16\.7%$/m);
    expect(existsSync(join(dir, 'out-short', 'model.json'))).toBe(true);
    const strict = await runCli(args(join(dir, 'out-strict'), '--strict'));
    expect(strict.code).toBe(3);
    expect(strict.errors).toEqual([warning, `error: --strict: training ended short of the schedule, so nothing was written to ${join(dir, 'out-strict')}`]);
    expect(existsSync(join(dir, 'out-strict'))).toBe(false);
    const finished = await runCli(args(join(dir, 'out-done'), '--strict', '--epochs', '4'));
    expect(finished.code).toBe(0);
    expect(finished.errors).toEqual([]);
  });

  it('refuses data that does not fit the model, naming both shapes, before training', async () => {
    const run = await runCli(base(digits, join(dir, 'never'), '--data', csv, '--epochs', '1', '--quiet'));
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([`error: prune: csv:${csv} has 3 features per sample, but the model's input shape [784] takes 784`]);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('names the CSV problem by file, line and column', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'label,a,b,c\n0,1,2,3\n1,1,x,3\n');
    const run = await runCli(base(table, join(dir, 'never'), '--data', bad, '--epochs', '1', '--quiet'));
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([`error: ${bad}: line 3, column "b": expected a number (got "x")`]);
  });

  it('treats an unknown --data source and a missing required option as usage errors (exit 2)', async () => {
    const unknown = await runCli(base(table, join(dir, 'never'), '--data', 'parquet:x', '--epochs', '1'));
    expect(unknown.code).toBe(2);
    expect(unknown.errors).toEqual([
      'error: --data "parquet:x" is not recognised: expected "mnist" (the bundled digits), "idx:<dir>" (MNIST-style IDX files) or "csv:<file>" (a header row and a label column)',
    ]);
    const missing = await runCli(['prune', table, '--config', config, '--data', 'mnist', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.errors).toEqual(["error: required option '--epochs <n>' not specified"]);
  });
});
