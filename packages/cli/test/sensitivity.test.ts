import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { schemaPathFor } from '../src/schema-path.js';
import { runCli } from './support/run-cli.js';
import { saveSensitivityModel } from './support/tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-sensitivity-'));
const model = join(dir, 'model');
const csv = join(dir, 'held-out.csv');
/** 12 samples of class 0, 10 of class 1, 8 of class 2; positive features whose argmax is the label. */
const LABELS = [...Array<number>(12).fill(0), ...Array<number>(10).fill(1), ...Array<number>(8).fill(2)];
beforeAll(async () => {
  await saveSensitivityModel(model);
  const rows = LABELS.map((label, i) => [0, 1, 2].map((k) => (k === label ? 3 + (i % 4) * 0.5 : 1 + ((i + k) % 3) * 0.3)));
  writeFileSync(csv, ['label,a,b,c', ...rows.map((features, i) => [LABELS[i], ...features].join(','))].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (...rest: string[]) => ['sensitivity', model, '--data', `csv:${csv}`, '--backend', 'cpu', ...rest];

describe('tfjs-prune sensitivity', () => {
  /**
   * The model's weights make every trial's accuracy known: h1 at 25% and 50% prunes only its
   * useless units, at 75% (4 of 6) also the unit carrying class 0 (12 of 30 samples); h2 at 25%
   * loses class 2 (8 samples), at 50% and 75% (2 of 3 both) classes 2 and 1.
   */
  it('prints the baseline and, per family, the metric and its change at each sparsity', async () => {
    const run = await runCli(base('--quiet'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      'baseline accuracy: 100.00% (30 samples)',
      'family  channels              25%              50%              75%',
      '------  --------  ---------------  ---------------  ---------------',
      'h1             6  100.00% (+0.00)  100.00% (+0.00)  60.00% (-40.00)',
      'h2             3  73.33% (-26.67)  40.00% (-60.00)  40.00% (-60.00)',
      '',
    ]);
  });

  it('--metric loss reports categorical cross-entropy for a model saved without a training config', async () => {
    const run = await runCli(base('--quiet', '--metric', 'loss', '--sparsities', '0.5'));
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^baseline loss \(categoricalCrossentropy; the model is not compiled\): 0\.\d{4} \(30 samples\)$/);
    // h2 at 50% leaves only class 0's logit: 18 samples lose their class, and the loss rises.
    expect(lines[4]).toMatch(/^h2 {13}3  \d\.\d{4} \(\+\d\.\d{4}\)$/);
  });

  it('--limit evaluates the first N samples; --sparsities sets the columns', async () => {
    const run = await runCli(base('--quiet', '--limit', '12', '--sparsities', '0.75,0.5'));
    expect(run.code).toBe(0);
    // The first 12 samples are all class 0: losing classes 1 and 2 costs nothing.
    expect(run.stdout.split('\n')).toEqual([
      'baseline accuracy: 100.00% (12 samples)',
      'family  channels              50%              75%',
      '------  --------  ---------------  ---------------',
      'h1             6  100.00% (+0.00)  0.00% (-100.00)',
      'h2             3  100.00% (+0.00)  100.00% (+0.00)',
      '',
    ]);
  });

  it('--svg draws one line per family against sparsity, and the baseline dashed; the same input gives the same bytes', async () => {
    const first = join(dir, 'first.svg');
    const second = join(dir, 'second.svg');
    expect((await runCli(base('--quiet', '--svg', first))).code).toBe(0);
    expect((await runCli(base('--quiet', '--svg', second))).code).toBe(0);
    const text = readFileSync(first, 'utf8');
    expect(readFileSync(second, 'utf8')).toBe(text);
    expect(text.startsWith('<svg')).toBe(true);
    // Vega draws each family's line in a group of its own: one path from 0 through 3 sparsities.
    const lines = [...text.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*><path [^>]*family: (\w+)" [^>]*d="([^"]*)"/g)];
    expect(lines.map((m) => [m[1], m[2]?.split('L').length])).toEqual([
      ['h1', 4],
      ['h2', 4],
    ]);
    expect(text.match(/<g class="mark-rule role-mark[^"]*"[^>]*><line [^>]*stroke-dasharray="6,4"/g)).toHaveLength(1);
    for (const label of ['>h1</text>', '>h2</text>', '>channel sparsity of the family</text>', '>accuracy</text>']) expect(text).toContain(label);
  });

  it('--config --target writes a structured pruner per pruned family, cheapest metric per channel first', async () => {
    const file = join(dir, 'configs', 'prune.json');
    const run = await runCli(base('--quiet', '--config', file, '--target', '0.4'));
    expect(run.code).toBe(0);
    // 9 channels, target 3.6: h1 to 25% (2 channels, free), to 50% (1, free), then h2 to 25%
    // (26.67 points for 1 channel) beats h1 to 75% (40 points for 1): 4 channels.
    expect(run.stdout.split('\n').slice(5)).toEqual([
      '',
      'family  channels  sparsity  pruned  measured alone',
      '------  --------  --------  ------  --------------',
      'h1             6       50%       3         100.00%',
      'h2             3       25%       1          73.33%',
      'overall: 4 of 9 channels pruned (44.4%; target 40.0%)',
      '',
    ]);
    const schedule = (finalSparsity: number) => ({ type: 'polynomial-decay', finalSparsity, startEpoch: 0, endEpoch: 5 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      $schema: schemaPathFor(file, process.cwd()).value,
      pruners: [
        { name: 'h1', layers: { include: ['h1'] }, criterion: 'magnitude', granularity: { type: 'structured', norm: 'l2' }, schedule: schedule(0.5) },
        { name: 'h2', layers: { include: ['h2'] }, criterion: 'magnitude', granularity: { type: 'structured', norm: 'l2' }, schedule: schedule(0.25) },
      ],
    });
  });

  /** The point of the config: `prune` keeps exactly the channels the allocation measured. */
  it('the written config, given to prune, keeps the allocated channels of each family', async () => {
    const file = join(dir, 'short.json');
    expect((await runCli(base('--quiet', '--config', file, '--target', '0.4', '--end-epoch', '1'))).code).toBe(0);
    const run = await runCli(['prune', model, '--config', file, '--data', `csv:${csv}`, '--epochs', '2', '--out', join(dir, 'pruned'), '--backend', 'cpu', '--learning-rate', '0.0001', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.includes('channels kept'))).toEqual(['h1: channels kept h1 3/6', 'h2: channels kept h2 2/3']);
  });

  it('warns when the measured sparsities cannot reach the target, and writes nothing when the target calls for no pruning', async () => {
    const short = join(dir, 'short-of-target.json');
    const run = await runCli(base('--quiet', '--sparsities', '0.25', '--config', short, '--target', '0.9'));
    expect(run.code).toBe(0);
    expect(run.errors).toEqual(['warning: every family at its largest measured sparsity prunes 33.3% of the channels, short of --target 90.0%; measure larger --sparsities to go further']);
    expect(existsSync(short)).toBe(true);
    // 9 channels, target 0.45: h1's first step prunes 2, 1.55 over against 0.45 under, so it is undone.
    const none = join(dir, 'no-pruning.json');
    const tiny = await runCli(base('--quiet', '--config', none, '--target', '0.05'));
    expect(tiny.code).toBe(1);
    expect(tiny.errors).toEqual([
      `error: ${none}: not written: at the --target, the cheapest choice is to prune no family (the smallest measured step is already past it); give a larger --target or smaller --sparsities`,
    ]);
    expect(existsSync(none)).toBe(false);
  });

  it('refuses --target without --config (and the reverse) before loading anything, exit 2', async () => {
    const target = await runCli(base('--target', '0.5'));
    expect(target.code).toBe(2);
    expect(target.errors).toEqual(['error: --target needs --config <file>: the target is what the written config prunes to']);
    const config = await runCli(base('--config', join(dir, 'never.json')));
    expect(config.code).toBe(2);
    expect(config.errors).toEqual(['error: --config needs --target <fraction>: the overall channel sparsity, in (0, 1), that the config prunes to']);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('refuses sparsities outside (0, 1) and data that does not fit the model, naming both', async () => {
    const sparsities = await runCli(base('--sparsities', '0.5,1'));
    expect(sparsities.code).toBe(2);
    expect(sparsities.errors).toEqual(["error: option '--sparsities <list>' argument '0.5,1' is invalid. expected a comma-separated list of sparsities, each in (0, 1), like 0.25,0.5,0.75."]);
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, 'label,a,b,c,d\n0,1,2,3,4\n1,4,3,2,1\n');
    const mismatch = await runCli(['sensitivity', model, '--data', `csv:${wide}`, '--backend', 'cpu', '--quiet']);
    expect(mismatch.code).toBe(1);
    expect(mismatch.errors).toEqual([`error: sensitivity: csv:${wide} has 4 features per sample, but the model's input shape [3] takes 3`]);
  });
});
