import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@tfjs-prune/callbacks';

import { DEMO_DEFAULTS, parseDemoOptions } from '../src/demo/demo-options.js';
import { runDemo } from '../src/demo/run-demo.js';

const out = mkdtempSync(join(tmpdir(), 'tfjs-prune-demo-'));
beforeAll(() => selectBackend('cpu', { log: false }));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the demo', () => {
  it('trains dense and pruned, prints the comparison and saves a loadable pruned model', async () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const result = await runDemo(
      {
        ...DEMO_DEFAULTS,
        epochs: 2,
        trainSize: 128,
        testSize: 64,
        backend: 'cpu',
        out,
        config: 'examples/schedules/one-shot-50.json',
      },
      (line) => lines.push(line),
    );
    const text = lines.join('\n');
    expect(text).toContain('tfjs-prune: using backend "cpu"');
    expect(text).toMatch(/pruned epoch 2\/2 {2}loss \d\.\d{4} {2}acc [\d.]+% {2}test acc [\d.]+% {2}sparsity 50\.0%/);
    expect(text).toContain('accuracy change:');
    // one-shot 50% on every kernel: each kernel exactly half zero, biases untouched.
    const kernels = result.pruned.sparsity.weights.filter((w) => w.prunable).map((w) => [w.layer, w.sparsity]);
    expect(kernels).toEqual([
      ['hidden1', 0.5],
      ['hidden2', 0.5],
      ['logits', 0.5],
    ]);
    expect(result.dense?.sparsity.prunable.sparsity).toBeLessThan(0.001);
    expect(result.reloadedAccuracy).toBe(result.pruned.testAccuracy);
    expect(readdirSync(join(out, 'pruned')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(result.pruned.saved.weightsGzipBytes).toBeLessThan(result.dense!.saved.weightsGzipBytes);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails fast on a bad config, before training anything', async () => {
    const lines: string[] = [];
    await expect(
      runDemo({ ...DEMO_DEFAULTS, backend: 'cpu', out, config: 'does-not-exist.json' }, (l) => lines.push(l)),
    ).rejects.toThrow(/^does-not-exist\.json: /);
    expect(lines).toEqual([]);
  });
});

describe('demo options', () => {
  it('has the documented defaults', () => {
    expect(parseDemoOptions([], {})).toEqual(DEMO_DEFAULTS);
  });

  it('reads flags and the backend environment variable', () => {
    const options = parseDemoOptions(['--epochs', '3', '--no-baseline', '--out', 'x', '--data', 'idx:/data'], {
      TFJS_PRUNE_BACKEND: 'cpu',
    });
    expect(options).toMatchObject({ epochs: 3, baseline: false, out: 'x', backend: 'cpu', data: { kind: 'idx', dir: '/data' } });
    expect(parseDemoOptions(['--backend', 'wasm'], { TFJS_PRUNE_BACKEND: 'cpu' })).toMatchObject({ backend: 'wasm' });
  });

  it('accepts the `--` that `pnpm demo -- --epochs 3` passes through', () => {
    expect(parseDemoOptions(['--', '--epochs', '3'], {})).toMatchObject({ epochs: 3 });
    expect(parseDemoOptions(['--', '--help'], {})).toBe('help');
  });

  it('explains bad flags', () => {
    expect(() => parseDemoOptions(['--epochs', '0'], {})).toThrow('--epochs must be an integer ≥ 1 (got "0")');
    expect(() => parseDemoOptions(['--backend', 'gpu'], {})).toThrow(
      '--backend must be one of auto, node-gpu, node, wasm, cpu (got "gpu")',
    );
    expect(() => parseDemoOptions(['--epoch', '3'], {})).toThrow(/Unknown option '--epoch'[\s\S]*Usage: pnpm demo/);
  });
});
