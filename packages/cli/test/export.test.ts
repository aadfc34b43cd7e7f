import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fileSystem } from '@tfjs-prune/core/node';

import { runCli } from './support/run-cli.js';
import { saveBatchNormModel, saveKnownZerosModel, saveZeroedUnitsModel, tf, tfl } from './support/tiny-models.js';

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

  it('--compact removes the zeroed units, folds the constant one, and predicts as the input model', async () => {
    const input = join(dir, 'zeroed-units');
    await saveZeroedUnitsModel(input);
    const out = join(dir, 'compact');
    const run = await runCli(['export', input, out, '--compact', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { totals: { params: number }; weightsBytes: number; compaction: Record<string, unknown> };
    expect(report.compaction).toMatchObject({
      layers: [{ layer: 'hidden', layerClass: 'Dense', before: 4, after: 2 }],
      parameters: { before: 30, after: 16 },
      macs: { before: 24, after: 12 },
      removedChannels: 2,
      foldedChannels: 1,
      kept: [],
    });
    expect(report.totals.params).toBe(16);
    expect(report.weightsBytes).toBe(16 * 4);
    const model = await tfl.loadLayersModel(fileSystem(out));
    expect(model.layers.map((l) => (l.getConfig() as { units: number }).units)).toEqual([2, 2]);
    model.dispose();
    const [before, after] = [await predictions(input), await predictions(out)];
    expect(after).toHaveLength(4);
    after.forEach((value, i) => expect(Math.abs(value - before[i]!)).toBeLessThan(1e-5));
  });

  it('--compact --quantize uint8 prints the compaction report, then the size report', async () => {
    const input = join(dir, 'zeroed-units-2');
    await saveZeroedUnitsModel(input);
    const out = join(dir, 'compact-uint8');
    const run = await runCli(['export', input, out, '--compact', '--quantize', 'uint8']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 15)).toEqual([
      'layer   class  before  after',
      '------  -----  ------  -----',
      'hidden  Dense       4      2',
      '',
      '            before  after   kept',
      '----------  ------  -----  -----',
      'parameters      30     16  53.3%',
      'MACs            24     12  50.0%',
      '',
      '2 channels removed (1 folded into consumer biases)',
      'left alone: 4 channels of input "hidden_input": tied to the model input "hidden_input"',
      'left alone: 2 channels of logits: tied to the model output "logits"',
      '',
      `exported ${join(out, 'model.json')}, ${join(out, 'weights.bin')} (quantize: uint8)`,
      'layer   weight  shape  params  zeros  sparsity  bytes  gzip',
    ]);
    expect(readFileSync(join(out, 'weights.bin')).byteLength).toBe(16);
  });

  it('--compact on a model with no whole unit pruned exports it unchanged, saying nothing was removed', async () => {
    const out = join(dir, 'compact-nothing');
    const run = await runCli(['export', modelDir, out, '--compact']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 channels removed (0 folded into consumer biases)');
    expect(await predictions(out)).toEqual(await predictions(modelDir));
  });

  it('--compact --fold-batch-norm merges the BatchNormalization into the Dense before it, predictions kept', async () => {
    const input = join(dir, 'batch-norm');
    await saveBatchNormModel(input);
    const out = join(dir, 'folded');
    const run = await runCli(['export', input, out, '--compact', '--fold-batch-norm']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 BatchNormalization layer folded into its producer');
    const topology = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string }[] } } };
    expect(topology.modelTopology.config.layers.map((l) => l.class_name)).toEqual(['Dense', 'ReLU', 'Dense']);
    const [folded, original] = [await predictions(out), await predictions(input)];
    expect(folded.map((v, i) => Math.abs(v - original[i]!)).every((d) => d < 1e-5)).toBe(true);
  });

  it('refuses --fold-batch-norm without --compact as a usage error', async () => {
    const run = await runCli(['export', modelDir, join(dir, 'y'), '--fold-batch-norm']);
    expect(run.code).toBe(2);
    expect(run.errors).toEqual(['error: --fold-batch-norm is a step of --compact: pass both']);
  });

  it('refuses an unknown --quantize as a usage error', async () => {
    const run = await runCli(['export', modelDir, join(dir, 'x'), '--quantize', 'int4']);
    expect(run.code).toBe(2);
    expect(run.errors).toEqual(["error: option '--quantize <kind>' argument 'int4' is invalid. Allowed choices are float16, uint8."]);
  });
});
