import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fileSystem } from '@tfjs-prune/core/node';

import { runCli } from './support/run-cli.js';
import { saveKnownZerosModel } from './support/tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-bench-'));
const modelDir = join(dir, 'model');
const sequenceDir = join(dir, 'sequence');

/** A model whose input has an open time axis: bench cannot make an input for it. */
async function saveSequenceModel(to: string): Promise<void> {
  const input = tfl.input({ name: 'tokens', shape: [null, 4] });
  const output = tfl.layers.dense({ units: 2, name: 'out' }).apply(input) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  await model.save(fileSystem(to));
  model.dispose();
}

beforeAll(async () => {
  await saveKnownZerosModel(modelDir);
  await saveSequenceModel(sequenceDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Timings are not asserted (they depend on the machine); what is printed, and that the outputs agree, is.
describe('tfjs-prune bench', () => {
  it('--json gives the sparsify report and one row per batch size, with sparse outputs equal to model.predict', async () => {
    const run = await runCli(['bench', modelDir, '--batch', '1,3', '--repeats', '3', '--backend', 'cpu', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      model: string;
      backend: string;
      sparsify: { layers: Array<{ name: string; className: string; runs: string }>; ownRuntime: boolean };
      rows: Array<{ batch: number; modelMs: number; sparseMs: number; speedup: number; samples: number; maxDifference: number }>;
    };
    expect(result.model).toBe(modelDir);
    expect(result.backend).toBe('cpu');
    expect(result.sparsify.layers.map((l) => [l.name, l.className])).toEqual([
      ['hidden', 'Dense'],
      ['logits', 'Dense'],
    ]);
    expect(result.sparsify.ownRuntime).toBe(true);
    expect(result.rows.map((r) => [r.batch, r.samples])).toEqual([
      [1, 3],
      [3, 3],
    ]);
    for (const r of result.rows) {
      expect(r.maxDifference).toBeLessThanOrEqual(1e-5);
      expect(r.modelMs).toBeGreaterThan(0);
      expect(r.sparseMs).toBeGreaterThan(0);
      expect(r.speedup).toBe(r.modelMs / r.sparseMs);
    }
  });

  it('prints the sparsify report, then a table of dense vs sparse latency per batch size', async () => {
    const run = await runCli(['bench', join(modelDir, 'model.json'), '--batch', '2', '--repeats', '3', '--backend', 'cpu']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^layer +class +runs +format +sparsity/);
    expect(lines.filter((l) => /^(hidden|logits) +Dense /.test(l))).toHaveLength(2);
    const header = lines.findIndex((l) => /^batch +model\.predict ms +sparse\.predict ms +speedup$/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 2]).toMatch(/^ +2 +[\d.]+ +[\d.]+ +[\d.]+x$/);
    expect(run.stdout).toMatch(/\nbackend cpu; median of 3 alternated samples per side, outputs read back; sparse outputs within [\d.]+e[-+]\d+ of model\.predict\n$/);
  });

  it('refuses bad --batch, --repeats and --backend values with one line each', async () => {
    const batch = await runCli(['bench', modelDir, '--batch', '1,0']);
    expect(batch.code).toBe(2);
    expect(batch.errors).toEqual(["error: option '--batch <list>' argument '1,0' is invalid. expected a comma-separated list of positive integers, like 1,64."]);
    const words = await runCli(['bench', modelDir, '--batch', 'one']);
    expect(words.errors).toEqual(["error: option '--batch <list>' argument 'one' is invalid. expected a comma-separated list of positive integers, like 1,64."]);
    const repeats = await runCli(['bench', modelDir, '--repeats', '0']);
    expect(repeats.errors).toEqual(["error: option '--repeats <n>' argument '0' is invalid. expected a positive integer."]);
    const backend = await runCli(['bench', modelDir, '--backend', 'gpu']);
    expect(backend.code).toBe(2);
    expect(backend.errors).toEqual(["error: option '--backend <name>' argument 'gpu' is invalid. Allowed choices are auto, node-gpu, node, wasm, cpu."]);
  });

  it('names the file when it is not a model, and the input when its shape is not fixed', async () => {
    const missing = join(dir, 'nope', 'model.json');
    const run = await runCli(['--quiet', 'bench', missing, '--backend', 'cpu']);
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([`error: ${missing}: file not found; expected a model.json written by model.save() or exportModel()`]);
    const open = await runCli(['--quiet', 'bench', sequenceDir, '--backend', 'cpu']);
    expect(open.code).toBe(1);
    expect(open.errors).toEqual([`error: ${sequenceDir}: input "tokens" has shape [null, null, 4]; bench needs every dimension but the batch fixed`]);
  });
});
