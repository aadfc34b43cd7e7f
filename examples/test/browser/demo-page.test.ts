import '@tensorflow/tfjs-backend-cpu';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { exportModel, fileSystem } from '@tfjs-prune/core/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildDemo, type DemoBuild } from '../../src/browser/build-demo.js';
import { type HeadlessChromium, launchChromium } from '../../src/browser/chromium.js';
import { STRICT_CSP } from '../../src/browser/page-policy.js';
import { type DemoServer, serveDemo } from '../../src/browser/serve-demo.js';
import type {} from '../../browser/src/page-api.js';

/** One-shot at epoch 0: the counts are round(s·n) of each kernel, so the sparsities are exact. */
const CONFIG = {
  pruners: [
    { name: 'hidden', layers: { include: ['hidden*'] }, schedule: { type: 'one-shot', sparsity: 0.75, epoch: 0 } },
    { name: 'output', layers: { include: ['logits'] }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } },
  ],
};
const EXPECTED = { 'hidden1/kernel': 0.75, 'hidden2/kernel': 0.75, 'logits/kernel': 0.5 };

/**
 * Masks recomputed at every epoch from 0 to 3, so the ones after a resume at epoch 2 come from
 * the restored weights and optimizer state: any difference there would show in the masks.
 */
const RESUME_CONFIG = {
  pruners: [
    { name: 'hidden', layers: { include: ['hidden*'] }, schedule: { type: 'polynomial-decay', finalSparsity: 0.75, startEpoch: 0, endEpoch: 3 } },
    { name: 'output', layers: { include: ['logits'] }, schedule: { type: 'polynomial-decay', finalSparsity: 0.5, startEpoch: 0, endEpoch: 3 } },
  ],
};

/** Half of each hidden layer's units pruned whole: compaction leaves 150 and 50 of them. */
const STRUCTURED_CONFIG = {
  pruners: [
    { name: 'hidden', layers: { include: ['hidden*'] }, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } },
    { name: 'output', layers: { include: ['logits'] }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } },
  ],
};

/** Digit-sized inputs with values in [0, 1]. */
const DIGIT_INPUTS = [1, 2, 3].map((k) => Array.from({ length: 784 }, (_, i) => (Math.sin(i * k * 0.37) + 1) / 2));

/** Inputs for the model the Node side exports, and what Node predicts for them. */
const INPUTS = [
  [0.5, -1, 2, 0.25],
  [-0.75, 0.1, 0, 1.5],
  [3, 2, -2, -0.5],
];

let build: DemoBuild;
let server: DemoServer;
let chromium: HeadlessChromium;
let work: string;
const nodePredictions: Record<string, number[][]> = {};

/** A small model whose weights are half exact zeros, exported by core/node as a user would. */
async function exportFixtures(dir: string): Promise<void> {
  await tf.setBackend('cpu');
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 6, activation: 'relu', name: 'hidden' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
    ],
  });
  let i = 0;
  const weights = model.getWeights().map((w) =>
    tf.tensor(Float32Array.from({ length: w.size }, () => (i++ % 2 === 0 ? 0 : Math.sin(i) * 0.9)), w.shape),
  );
  model.setWeights(weights);
  tf.dispose(weights);
  for (const quantize of ['none', 'uint8'] as const) {
    const out = path.join(dir, quantize);
    await exportModel(model, out, quantize === 'none' ? {} : { quantize });
    const loaded = await tfl.loadLayersModel(fileSystem(out));
    nodePredictions[quantize] = tf.tidy(() => (loaded.predict(tf.tensor2d(INPUTS)) as tf.Tensor).arraySync() as number[][]);
    loaded.dispose();
  }
  model.dispose();
}

async function openDemo(query: string): Promise<Page> {
  const page = await chromium.context.newPage();
  await page.goto(new URL(query, server.url).href);
  await page.evaluate(() => globalThis.tfjsPruneDemo.ready);
  return page;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tfjs-prune-browser-'));
  await exportFixtures(path.join(work, 'fixtures'));
  build = await buildDemo(path.join(work, 'page'));
  server = await serveDemo({ root: build.dir, mounts: { '/fixtures/': path.join(work, 'fixtures') } });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('the demo page in Chromium', () => {
  it.each(['webgl', 'wasm'])('prunes during fit on %s: exact sparsities, zero leaked tensors', async (backend) => {
    const page = await openDemo(`?backend=${backend}`);
    const result = await page.evaluate(
      (config) => globalThis.tfjsPruneDemo.run({ epochs: 2, trainSize: 256, testSize: 128, config }),
      CONFIG,
    );
    const after = await page.evaluate(() => globalThis.tfjsPruneDemo.release());

    expect(result.backend).toBe(backend);
    // The header reads its promise from lenet-300-100.json, the config the page trains with.
    expect(await page.locator('#goal').textContent()).toBe('pruning its hidden layers to 90% zeros and its output layer to 70% zeros');
    const kernels = Object.fromEntries(
      result.weights.filter((w) => w.prunable).map((w) => [`${w.path}/${w.weight}`, w.sparsity]),
    );
    expect(kernels).toEqual(EXPECTED);
    expect(result.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    // It learned something in two epochs, so the masks were applied to a model that trains.
    expect(result.epochs[1]?.accuracy).toBeGreaterThan(result.epochs[0]?.accuracy ?? 1);
    expect(after).toBe(result.tensorsBefore);
    await page.close();
  });

  it.each(['none', 'uint8'])(
    'loads a model that core/node exported (quantize: %s) and predicts what Node predicts',
    async (quantize) => {
      const page = await openDemo('?backend=cpu');
      const { predictions, leakedTensors } = await page.evaluate(
        ([url, inputs]) => globalThis.tfjsPruneDemo.loadAndPredict(url, inputs, 'cpu'),
        [`/fixtures/${quantize}/model.json`, INPUTS] as [string, number[][]],
      );
      expect(leakedTensors).toBe(0);
      const expected = nodePredictions[quantize] as number[][];
      expect(predictions).toHaveLength(expected.length);
      predictions.forEach((row, r) => row.forEach((p, c) => expect(p).toBeCloseTo(expected[r]?.[c] ?? NaN, 6)));
      await page.close();
    },
  );

  it('offers the pruned model as a download and exports it to indexeddb://', async () => {
    const page = await openDemo('?backend=wasm');
    await page.evaluate((config) => globalThis.tfjsPruneDemo.run({ epochs: 1, trainSize: 128, testSize: 64, config }), CONFIG);

    // tfjs's downloads:// handler saves the topology, then the weights, as two files.
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    const second = page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.bin') });
    await page.click('#download');
    await second;
    expect(downloads).toEqual(['lenet-300-100-pruned.json', 'lenet-300-100-pruned.weights.bin']);

    const saved = await page.evaluate(() => globalThis.tfjsPruneDemo.exportPruned('indexeddb://pruned'));
    const outputs = await page.evaluate(async () => {
      const result = await globalThis.tfjsPruneDemo.loadAndPredict('indexeddb://pruned', [new Array(784).fill(0.5)]);
      return result.predictions[0]?.length;
    });
    // 75% of the hidden weights are zeros: the export compresses well over 2x.
    expect(saved.weightsGzipBytes * 2).toBeLessThan(saved.weightsBytes);
    expect(outputs).toBe(10);
    await page.evaluate(() => globalThis.tfjsPruneDemo.release());
    await page.close();
  });

  /**
   * The page trains from a click, as a user would: scripts run by the test harness itself are
   * exempt from the page's CSP in Chromium.
   */
  it(`under ${STRICT_CSP}: the chart draws and a pruned fit runs, with no CSP violation`, async () => {
    const page = await chromium.context.newPage();
    const response = await page.goto(new URL('?backend=wasm&epochs=1&train=128', server.url).href);
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
    await page.evaluate(() => globalThis.tfjsPruneDemo.ready);
    await page.click('#train');
    await page.waitForFunction(() => /^(done|failed)/.test(globalThis.tfjsPruneDemo.status()));
    const status = await page.evaluate(() => globalThis.tfjsPruneDemo.status());
    const violations = await page.evaluate(() => globalThis.tfjsPruneDemo.cspViolations());
    expect(status).toMatch(/^done on wasm/);
    // Kept in the log, where it stays visible after Compare speed takes the status line.
    expect(await page.locator('#log').textContent()).toContain(status);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('runs sparsify(model) in the page on wasm: the outputs of model.predict, whole model in the sparse runtime, nothing leaked', async () => {
    const page = await openDemo('?backend=wasm');
    const result = await page.evaluate(() =>
      globalThis.tfjsPruneDemo.compareSpeed({ model: 'magnitude', batches: [1, 3], repeats: 3, minSampleMs: 0 }),
    );
    expect(result.backend).toBe('wasm');
    expect(result.model).toBe('magnitude');
    expect(result.rows.map((r) => [r.batch, r.samples, r.runtime, r.formats])).toEqual([
      [1, 3, 'whole model', 'hidden1 csr 90.0%, hidden2 csr 90.0%, logits csr 70.0%'],
      [3, 3, 'whole model', 'hidden1 csr 90.0%, hidden2 csr 90.0%, logits csr 70.0%'],
    ]);
    for (const row of result.rows) expect(row.maxDifference).toBeLessThanOrEqual(1e-5);
    // Checked here too, not only by the page: ten softmax outputs of one digit, equal within 1e-5.
    expect(result.outputs.model).toHaveLength(10);
    result.outputs.sparse.forEach((p, i) => expect(Math.abs(p - (result.outputs.model[i] ?? NaN))).toBeLessThanOrEqual(1e-5));
    expect(result.leakedTensors).toBe(0);
    await page.close();
  });

  /** A click, so the sparse kernels' WebAssembly is compiled under the page's CSP (test scripts are exempt). */
  it(`the "Compare speed" button times dense vs sparse under ${STRICT_CSP}, with no CSP violation`, async () => {
    const page = await openDemo('?backend=wasm');
    await page.click('#speed');
    await page.waitForFunction(() => /^(speed on|failed)/.test(globalThis.tfjsPruneDemo.status()), null, { timeout: 120_000 });
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.status())).toMatch(
      /^speed on wasm, LeNet-300-100 pruned by magnitude to 90\/90\/70%: batch 1 [\d.]+x, batch 64 [\d.]+x faster with sparsify$/,
    );
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.cspViolations())).toEqual([]);
    await page.close();
  });

  /**
   * What a user gets from a closed tab: training checkpointed to IndexedDB, the page reloaded
   * (every tensor and variable gone), and loadCheckpointFrom carrying on. The masks must be
   * exactly those of a run that was never interrupted, on the same backend.
   */
  it('resumes after a page reload from the IndexedDB checkpoints: the masks of an uninterrupted run', async () => {
    const sizes = { trainSize: 256, testSize: 64 };
    const reference = await openDemo('?backend=wasm');
    const straight = await reference.evaluate(
      ([config, sizes]) => globalThis.tfjsPruneDemo.run({ ...sizes, epochs: 4, config, checkpoint: null }),
      [RESUME_CONFIG, sizes] as const,
    );
    await reference.evaluate(() => globalThis.tfjsPruneDemo.release());
    await reference.close();

    const page = await openDemo('?backend=wasm');
    await page.evaluate(
      ([config, sizes]) => globalThis.tfjsPruneDemo.run({ ...sizes, epochs: 2, config, checkpoint: 'demo' }),
      [RESUME_CONFIG, sizes] as const,
    );
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.chartEpochs())).toEqual([0, 1]);
    await page.reload();
    await page.evaluate(() => globalThis.tfjsPruneDemo.ready);
    // The reloaded page draws the curve it offers to continue.
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.chartEpochs())).toEqual([0, 1]);
    // What a user sees after the reload: the page's own store holds epoch 1 (0-based), so the
    // button offers the third epoch.
    expect(await page.locator('#resume').isVisible()).toBe(true);
    expect(await page.locator('#resume').textContent()).toBe('Resume from epoch 3');
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.checkpointEpoch('demo'))).toBe(1);
    const resumed = await page.evaluate(
      (sizes) => globalThis.tfjsPruneDemo.resume({ ...sizes, epochs: 4, checkpoint: 'demo' }),
      sizes,
    );
    const after = await page.evaluate(() => globalThis.tfjsPruneDemo.release());

    expect(resumed.initialEpoch).toBe(2);
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([2, 3]);
    // The chart continues the epochs from before the reload: neither restarted nor cut short.
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.chartEpochs())).toEqual([0, 1, 2, 3]);
    expect(Object.keys(resumed.masks).sort()).toEqual(['hidden1/kernel', 'hidden2/kernel', 'logits/kernel']);
    expect(resumed.masks).toEqual(straight.masks);
    const sparsities = (r: typeof resumed) => Object.fromEntries(r.weights.filter((w) => w.prunable).map((w) => [`${w.path}/${w.weight}`, w.sparsity]));
    expect(sparsities(resumed)).toEqual(EXPECTED);
    expect(await page.evaluate(() => globalThis.tfjsPruneDemo.checkpointEpoch('demo'))).toBe(3);
    expect(after).toBe(resumed.tensorsBefore);
    await page.close();
  });

  it('offers the compacted model of a structured run, which loads and predicts what the pruned one does', async () => {
    const page = await openDemo('?backend=wasm&granularity=structured');
    await page.evaluate((config) => globalThis.tfjsPruneDemo.run({ epochs: 1, trainSize: 128, testSize: 64, config }), STRUCTURED_CONFIG);
    expect(await page.locator('#goal').textContent()).toBe('removing 80% of its hidden units whole and pruning its output layer to 70% zeros');
    const button = page.locator('#download-compact');
    expect(await button.isVisible()).toBe(true);
    // 784·150+150 + 150·50+50 + 50·10+10 of LeNet-300-100's 266,610.
    expect(await button.textContent()).toBe('Download the compacted model (125,810 parameters, 266,610 before)');

    const dir = path.join(work, 'fixtures', 'compacted');
    const saved: Array<Promise<void>> = [];
    page.on('download', (download) => saved.push(download.saveAs(path.join(dir, download.suggestedFilename()))));
    const second = page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.bin') });
    await button.click();
    await second;
    await Promise.all(saved);

    const pruned = await page.evaluate((inputs) => globalThis.tfjsPruneDemo.predict(inputs), DIGIT_INPUTS);
    const { predictions, leakedTensors } = await page.evaluate(
      (inputs) => globalThis.tfjsPruneDemo.loadAndPredict('/fixtures/compacted/lenet-300-100-compacted.json', inputs),
      DIGIT_INPUTS,
    );
    expect(leakedTensors).toBe(0);
    expect(predictions).toHaveLength(DIGIT_INPUTS.length);
    predictions.forEach((row, r) => row.forEach((p, c) => expect(Math.abs(p - (pruned[r]?.[c] ?? NaN))).toBeLessThanOrEqual(1e-5)));
    await page.evaluate(() => globalThis.tfjsPruneDemo.release());
    await page.close();
  });
});
