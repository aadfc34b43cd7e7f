import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fileSystem } from '@tfjs-prune/core/node';

import { runCli } from './support/run-cli.js';
import { saveKnownZerosModel, tf, tfl } from './support/tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-export-'));
const modelDir = join(dir, 'model');
beforeAll(() => saveKnownZerosModel(modelDir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function predictions(path: string): Promise<number[]> {
  const model = await tfl.loadLayersModel(fileSystem(path));
  const x = tf.tensor2d([1, 2, 3, 4, -1, 0.5, 2, 0], [2, 4]);
  const y = model.predict(x) as tf.Tensor;
  const values = Array.from(await y.data());
  tf.dispose([x, y]);
  model.dispose();
  return values;
}

describe('tfjs-prune export', () => {
  it('re-exports in the standard format: same predictions, same size report as exportModel', async () => {
    const out = join(dir, 'plain');
    const run = await runCli(['export', join(modelDir, 'model.json'), out, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { quantize: string; weightsBytes: number; totals: { params: number; zeros: number } };
    expect(report.quantize).toBe('none');
    expect(report.weightsBytes).toBe(92);
    expect(report.totals).toEqual({ params: 23, zeros: 9, sparsity: 9 / 23 });
    expect(await predictions(out)).toEqual(await predictions(modelDir));
  });

  it('--quantize uint8 writes a quarter of the bytes that stock tfjs loads, zeros kept exact', async () => {
    const out = join(dir, 'uint8');
    const run = await runCli(['export', modelDir, out, '--quantize', 'uint8', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(quantize: uint8)');
    expect(readFileSync(join(out, 'weights.bin')).byteLength).toBe(23);
    const model = await tfl.loadLayersModel(fileSystem(out));
    const kernel = Array.from(model.layers[0]!.getWeights()[0]!.dataSync());
    expect(kernel.filter((v) => v === 0)).toHaveLength(6);
    model.dispose();
  });

  it('--compact refuses until @tfjs-prune/compact exists, and writes nothing', async () => {
    const out = join(dir, 'compact');
    const run = await runCli(['export', modelDir, out, '--compact']);
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      'error: export --compact: not available yet (it needs @tfjs-prune/compact, which this version does not include); ' +
        'export without --compact to keep the shapes and ship the zeros gzipped',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown --quantize as a usage error', async () => {
    const run = await runCli(['export', modelDir, join(dir, 'x'), '--quantize', 'int4']);
    expect(run.code).toBe(2);
    expect(run.errors).toEqual(["error: option '--quantize <kind>' argument 'int4' is invalid. Allowed choices are float16, uint8."]);
  });
});
