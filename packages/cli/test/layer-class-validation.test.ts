import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PruningCallback } from '@tfjs-prune/callbacks';
import { pruningCallbackFromFile } from '@tfjs-prune/callbacks/node';
import { fileSystem } from '@tfjs-prune/core/node';
import type { PruningConfigInput } from '@tfjs-prune/schedules';

import { runCli } from './support/run-cli.js';
import { tfl, zerosOf } from './support/tiny-models.js';

/**
 * A config is validated once, by the pruning engine, with the layer classes registered in the
 * process, wherever it comes from: an object in code, a file, the CLI. They used to differ: after
 * `registerLayer('MyDense', ...)`, `new PruningCallback` accepted `classes: ["MyDense"]`
 * and `pruningCallbackFromFile` and `tfjs-prune prune` rejected it.
 */
const myDense = fileURLToPath(new URL('./fixtures/my-dense.mjs', import.meta.url));
type LayerClass = new (config: { units: number; name: string; inputShape?: number[] }) => tfl.layers.Layer;

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-layer-class-'));
const model = join(dir, 'model');
const csv = join(dir, 'table.csv');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // Registers MyDense here as the CLI's `node --import` does there.
  const { MyDense } = (await import(myDense)) as { MyDense: LayerClass };
  const saved = tfl.sequential({
    layers: [
      new MyDense({ units: 8, name: 'hidden', inputShape: [3] }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  await saved.save(fileSystem(model));
  saved.dispose();
  const rows = Array.from({ length: 30 }, (_, i) => `${i % 3},${(i % 3) + 0.1 * i},${i % 5},${-i}`);
  writeFileSync(csv, ['label,a,b,c', ...rows].join('\n'));
});

const configWith = (classes: string[]): PruningConfigInput => ({
  pruners: [{ name: 'mine', layers: { classes }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } }],
});

function configFile(name: string, classes: string[]): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(configWith(classes)));
  return path;
}

const prune = (config: string, out: string) =>
  runCli(['prune', model, '--config', config, '--data', `csv:${csv}`, '--out', out, '--epochs', '1', '--backend', 'cpu', '--quiet'], {
    nodeArgs: ['--import', myDense],
  });

const UNKNOWN =
  '/pruners/0/layers/classes/0 must be one of "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D", ' +
  '"DepthwiseConv2D", "Embedding", "LSTM", "GRU", "SimpleRNN", "MyDense" (got "MyDence"; did you mean "MyDense"?)';

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('a registered layer class in layers.classes', () => {
  it('is accepted from an object, a file and the CLI', async () => {
    expect(new PruningCallback(configWith(['MyDense'])).config.pruners[0]!.layers.classes).toEqual(['MyDense']);
    const fromFile = await pruningCallbackFromFile(configFile('mine', ['MyDense']));
    expect(fromFile.config.pruners[0]!.layers.classes).toEqual(['MyDense']);

    const out = join(dir, 'pruned');
    const run = await prune(configFile('mine-cli', ['MyDense']), out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Only the MyDense kernel is pruned: 12 of its 24 weights; the Dense head stays dense.
    expect(await zerosOf(out)).toMatchObject({ 'hidden/kernel': { size: 24, zeros: 12 }, 'logits/kernel': { size: 24, zeros: 0 } });
  });

  it('an unknown class gets the same message from each, naming its source, with the registered class suggested', async () => {
    expect(await messageOf(() => new PruningCallback(configWith(['MyDence'])))).toBe(`config: ${UNKNOWN}`);
    const file = configFile('typo', ['MyDence']);
    expect(await messageOf(() => pruningCallbackFromFile(file))).toBe(`${file}: ${UNKNOWN}`);
    const run = await prune(file, join(dir, 'never'));
    expect(run.errors).toEqual([`${file}: ${UNKNOWN}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
  });
});
