import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { createSchedule } from '@tfjs-prune/schedules';
import { loadConfig } from '@tfjs-prune/schedules/node';

import { DEMO_DEFAULTS, parseDemoOptions } from '../src/demo/demo-options.js';
import { assertSamePredictions } from '../src/demo/prediction-check.js';
import { runDemo } from '../src/demo/run-demo.js';

const out = mkdtempSync(join(tmpdir(), 'tfjs-prune-demo-'));
beforeAll(() => selectBackend('cpu', { log: false }));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Half of every hidden layer's units from the start, so two tiny epochs give exact shapes. */
const halfUnits = join(out, 'half-units.json');
writeFileSync(
  halfUnits,
  JSON.stringify({
    pruners: [{ name: 'hidden-units', layers: { include: ['hidden*'] }, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } }],
  }),
);

/** Half of the dense MACs as a budget, reached at epoch 0: the demo pruned to a target instead of a sparsity. */
const halfMacs = join(out, 'half-macs.json');
writeFileSync(
  halfMacs,
  JSON.stringify({
    target: { macs: 0.5 },
    pruners: [{ name: 'hidden-units', layers: { include: ['hidden*'] }, granularity: 'structured', schedule: { type: 'one-shot', epoch: 0 } }],
  }),
);

describe('the demo', () => {
  it('trains dense, pruned and structured, compacts the structured one, prints both comparisons and saves loadable models', async () => {
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
        structuredConfig: halfUnits,
        latencyRepeats: 3,
      },
      (line) => lines.push(line),
    );
    const text = lines.join('\n');
    expect(text).toContain('tfjs-prune: using backend "cpu"');
    expect(text).toMatch(/pruned {5}epoch 2\/2 {2}loss \d\.\d{4} {2}acc [\d.]+% {2}test acc [\d.]+% {2}sparsity 50\.0%/);
    // Half of the hidden units, with their input and output slices: of the 266,600 masked weights
    // (hidden1 kernel and bias, hidden2's, logits' kernel rows), 140,800 are zero.
    expect(text).toMatch(/structured epoch 2\/2 {2}loss \d\.\d{4} {2}acc [\d.]+% {2}test acc [\d.]+% {2}sparsity 52\.8%/);
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

    // 784-150-50-10 after compaction: hidden2 loses the inputs of hidden1's removed units too.
    const structured = result.structured!;
    expect(structured.compaction.layers).toEqual([
      { layer: 'hidden1', layerClass: 'Dense', before: 300, after: 150 },
      { layer: 'hidden2', layerClass: 'Dense', before: 100, after: 50 },
    ]);
    expect(structured.pruned).toMatchObject({ params: 266_610, macs: 266_200 });
    expect(structured.compacted).toMatchObject({ params: 784 * 150 + 150 + 150 * 50 + 50 + 50 * 10 + 10, macs: 784 * 150 + 150 * 50 + 50 * 10 });
    expect(structured.compacted.saved.weightsBytes).toBe(125_810 * 4);
    expect(structured.maxPredictionDifference).toBeLessThanOrEqual(1e-5);
    expect(structured.reloadDifference).toBe(0);
    expect(structured.compacted.testAccuracy).toBe(structured.pruned.testAccuracy);
    expect(structured.compacted.reloadedAccuracy).toBe(structured.compacted.testAccuracy);
    expect(structured.testDigits).toBe(64);
    // The pruned model through sparsify: same predictions on every test digit, timed beside dense.
    expect(result.sparse.testDigits).toBe(64);
    expect(result.sparse.maxPredictionDifference).toBeLessThanOrEqual(1e-5);
    expect(result.sparse.runtime.runtime).toBe('whole model');
    expect(result.sparse.runtime.formats).toBe('hidden1 dense kernel 50.0%, hidden2 dense kernel 50.0%, logits dense kernel 50.0%');
    expect(result.sparse.latency.map((l) => [l.batch, l.samples])).toEqual([[1, 3], [64, 3]]);
    for (const l of result.sparse.latency) {
      expect(l.speedup).toBe(l.prunedMs / l.sparseMs);
      expect(l.speedupVsDense).toBe(l.denseMs / l.sparseMs);
    }
    expect(text).toMatch(/\n +dense +pruned, model\.predict +pruned, sparsify\(model\)\n[- ]+\nlatency, batch 1 +[\d.]+ ms +[\d.]+ ms +[\d.]+ ms \([\d.]+x faster\)\nlatency, batch 64 +[\d.]+ ms +[\d.]+ ms +[\d.]+ ms \([\d.]+x faster\)\n/);
    expect(text).toMatch(/\nsparsify\(model\) predicts what the pruned model does: max \|difference\| [\d.]+e[-+]\d+ over 64 test digits \(allowed 1e-5\)\n/);

    expect(structured.latency.map((l) => l.batch)).toEqual([1, 64]);
    for (const l of structured.latency) {
      expect(l.samples).toBe(3);
      expect(l.denseMs).toBeGreaterThan(0);
      expect(l.compactedMs).toBeGreaterThan(0);
      expect(l.speedup).toBe(l.denseMs / l.compactedMs);
    }
    expect(readdirSync(join(out, 'compacted')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(join(out, 'structured')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(text).toMatch(/\n +dense +structured +compacted\n/);
    expect(text).toMatch(/\nunits hidden1 \/ hidden2 +300 \/ 100 +150 \/ 50 of 300 \/ 100 live +150 \/ 50\n/);
    expect(text).toMatch(/\nparameters +266,610 +[\d,]+ nonzero of 266,610 +125,810\n/);
    expect(text).toMatch(/\nMACs per digit +266,200 +266,200 +125,600 \(2\.1x fewer\)\n/);
    expect(text).toMatch(/\nlatency, batch 1 +[\d.]+ ms +as dense +[\d.]+ ms \([\d.]+x\)\nlatency, batch 64 +[\d.]+ ms +as dense +[\d.]+ ms \([\d.]+x\)\n/);
    expect(text).toContain('over 64 test digits (allowed 1e-5)');
    expect(text).toContain(`compacted model saved to ${join(out, 'compacted')} (model.json + weights.bin); reloaded with tf.loadLayersModel: `);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with --no-structured trains no third model and prints no third table', async () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const result = await runDemo(
      { ...DEMO_DEFAULTS, epochs: 1, trainSize: 64, testSize: 32, backend: 'cpu', out: join(out, 'two-runs'), baseline: false, structured: false, structuredConfig: 'not-read.json' },
      (line) => lines.push(line),
    );
    expect(result.structured).toBeUndefined();
    expect(lines.join('\n')).not.toContain('structured');
    expect(readdirSync(join(out, 'two-runs'))).toEqual(['pruned']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with --no-baseline still times the compacted model, against dense-shaped fresh weights', async () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const result = await runDemo(
      { ...DEMO_DEFAULTS, epochs: 1, trainSize: 64, testSize: 32, backend: 'cpu', out: join(out, 'no-baseline'), baseline: false, structuredConfig: halfUnits, latencyRepeats: 3 },
      (line) => lines.push(line),
    );
    expect(result.dense).toBeUndefined();
    expect(result.structured?.latency.map((l) => [l.batch, l.samples])).toEqual([[1, 3], [64, 3]]);
    expect(lines.join('\n')).toMatch(/\ntest accuracy +not run +[\d.]+% +[\d.]+%\n/);
    expect(readdirSync(join(out, 'no-baseline')).sort()).toEqual(['compacted', 'pruned', 'structured']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails fast on a bad config, before training anything', async () => {
    const lines: string[] = [];
    await expect(
      runDemo({ ...DEMO_DEFAULTS, backend: 'cpu', out, config: 'does-not-exist.json' }, (l) => lines.push(l)),
    ).rejects.toThrow(/^does-not-exist\.json: /);
    await expect(
      runDemo({ ...DEMO_DEFAULTS, backend: 'cpu', out, structuredConfig: 'no-structured-config.json' }, (l) => lines.push(l)),
    ).rejects.toThrow(/^no-structured-config\.json: /);
    expect(lines).toEqual([]);
  });

  it('with a MAC target in the structured config, compacts to half the dense MACs (within 1%, never above)', async () => {
    const result = await runDemo(
      { ...DEMO_DEFAULTS, epochs: 1, trainSize: 64, testSize: 32, backend: 'cpu', out: join(out, 'half-macs'), baseline: false, structuredConfig: halfMacs, latencyRepeats: 3 },
      () => undefined,
    );
    const { pruned, compacted } = result.structured!;
    expect(pruned.macs).toBe(266_200);
    expect(compacted.macs).toBeLessThanOrEqual(266_200 / 2);
    expect(compacted.macs).toBeGreaterThanOrEqual(0.99 * (266_200 / 2));
    expect(compacted.testAccuracy).toBe(pruned.testAccuracy);
  });
});

describe('the compaction check', () => {
  /** The demo must stop, not print a speedup, when the compacted model predicts something else. */
  it('refuses predictions further apart than 1e-5, and NaN', () => {
    expect(() => assertSamePredictions('compacted vs pruned', 1e-5)).not.toThrow();
    expect(() => assertSamePredictions('compacted vs pruned', 2e-5)).toThrow(
      'compacted vs pruned: predictions differ by up to 0.00002 (allowed 0.00001); the compacted model is not the pruned one',
    );
    expect(() => assertSamePredictions('compacted vs pruned', Number.NaN)).toThrow('predictions differ by up to NaN');
  });

  /** The same check stops the demo before it times a sparse model that predicts something else. */
  it('names the sparse model when sparsify is the one that differs', () => {
    expect(() => assertSamePredictions('sparsify(pruned LeNet-300-100) vs model.predict', 3e-5, 'the sparse model')).toThrow(
      'sparsify(pruned LeNet-300-100) vs model.predict: predictions differ by up to 0.00003 (allowed 0.00001); the sparse model is not the pruned one',
    );
  });
});

describe('the structured schedule', () => {
  it('takes 75% of hidden1 and hidden2 units by epoch 6 of 10 and leaves the output layer alone', async () => {
    const config = await loadConfig(DEMO_DEFAULTS.structuredConfig);
    expect(config.pruners).toHaveLength(1);
    const [pruner] = config.pruners;
    expect(pruner?.layers.include).toEqual(['hidden*']);
    expect(pruner?.granularity).toEqual({ type: 'structured', norm: 'l2', roundTo: 1 });
    const schedule = createSchedule(pruner!.schedule);
    expect([0, 1, 6, 9].map((e) => schedule.sparsityAt(e))).toEqual([0, 0, 0.75, 0.75]);
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
    expect(options).toMatchObject({ epochs: 3, baseline: false, structured: true, out: 'x', backend: 'cpu', data: { kind: 'idx', dir: '/data' } });
    expect(parseDemoOptions(['--no-structured', '--structured-config', 's.json', '--latency-repeats', '5'], {})).toMatchObject({
      structured: false,
      structuredConfig: 's.json',
      latencyRepeats: 5,
    });
    expect(parseDemoOptions(['--backend', 'wasm'], { TFJS_PRUNE_BACKEND: 'cpu' })).toMatchObject({ backend: 'wasm' });
  });

  it('accepts the `--` that `pnpm demo -- --epochs 3` passes through', () => {
    expect(parseDemoOptions(['--', '--epochs', '3'], {})).toMatchObject({ epochs: 3 });
    expect(parseDemoOptions(['--', '--help'], {})).toBe('help');
  });

  it('explains bad flags', () => {
    expect(() => parseDemoOptions(['--epochs', '0'], {})).toThrow('--epochs must be an integer ≥ 1 (got "0")');
    expect(() => parseDemoOptions(['--latency-repeats', '2'], {})).toThrow('--latency-repeats must be an integer ≥ 3 (got "2")');
    expect(() => parseDemoOptions(['--backend', 'gpu'], {})).toThrow(
      '--backend must be one of auto, node-gpu, node, wasm, cpu (got "gpu")',
    );
    expect(() => parseDemoOptions(['--epoch', '3'], {})).toThrow(/Unknown option '--epoch'[\s\S]*Usage: pnpm demo/);
  });
});
