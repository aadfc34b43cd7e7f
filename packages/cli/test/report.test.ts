import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './support/run-cli.js';
import { saveKnownZerosModel } from './support/tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-cli-report-'));
const modelDir = join(dir, 'model');
beforeAll(() => saveKnownZerosModel(modelDir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tfjs-prune report', () => {
  it('--json counts the zeros of every layer and sizes the weights file raw and gzipped', async () => {
    const run = await runCli(['report', join(modelDir, 'model.json'), '--json']);
    expect(run.code).toBe(0);
    const weights = readFileSync(join(modelDir, 'weights.bin'));
    expect(JSON.parse(run.stdout)).toEqual({
      model: join(modelDir, 'model.json'),
      layers: [
        { layer: 'hidden', path: 'hidden', layerClass: 'Dense', params: 15, nonzeros: 8, sparsity: 7 / 15 },
        { layer: 'logits', path: 'logits', layerClass: 'Dense', params: 8, nonzeros: 6, sparsity: 2 / 8 },
      ],
      total: { params: 23, nonzeros: 14, sparsity: 9 / 23 },
      prunable: { params: 18, nonzeros: 12, sparsity: 6 / 18 },
      weightsBytes: 23 * 4,
      weightsGzipBytes: gzipSync(weights).byteLength,
      // 4·3 + 3·2: Dense counts one MAC per kernel entry.
      macs: 18,
    });
  });

  it('prints a table with totals, and accepts the folder as well as model.json', async () => {
    const run = await runCli(['report', modelDir]);
    expect(run.code).toBe(0);
    const gzip = gzipSync(readFileSync(join(modelDir, 'weights.bin'))).byteLength;
    expect(run.stdout).toBe(
      [
        'layer             class  params  nonzero  sparsity',
        '----------------  -----  ------  -------  --------',
        'hidden            Dense      15        8     46.7%',
        'logits            Dense       8        6     25.0%',
        'total                        23       14     39.1%',
        'prunable weights             18       12     33.3%',
        '',
        `weights: 92 B raw, ${gzip} B gzipped (${(92 / gzip).toFixed(1)}x smaller)`,
        'MACs per sample: 18',
        '',
      ].join('\n'),
    );
  });

  it('names the file and what was expected when it is not a model, in one line', async () => {
    const missing = join(dir, 'nope', 'model.json');
    const run = await runCli(['report', missing]);
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([`error: ${missing}: file not found; expected a model.json written by model.save() or exportModel()`]);
  });

  it('refuses a topology tfjs cannot build (an unregistered custom layer) in one line, naming the file', async () => {
    const custom = join(dir, 'custom');
    cpSync(modelDir, custom, { recursive: true });
    const jsonPath = join(custom, 'model.json');
    writeFileSync(jsonPath, readFileSync(jsonPath, 'utf8').replace('"class_name":"Dense"', '"class_name":"FancyDense"'));
    const run = await runCli(['report', jsonPath]);
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(new RegExp(`^error: ${jsonPath.replaceAll('\\', '\\\\')}: tfjs cannot build this model \\(Unknown layer: FancyDense\\.`));
  });
});
