import '@tensorflow/tfjs-backend-cpu';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { exportModel, fileSystem } from '@tfjs-prune/core/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NOT_YET_BROWSER_CLEAN } from '../../src/browser/browser-entries.js';
import { buildDemo, type DemoBuild } from '../../src/browser/build-demo.js';
import { type HeadlessChromium, launchChromium } from '../../src/browser/chromium.js';
import { CONFIG_VALIDATION_NEEDS_EVAL, STRICT_CSP } from '../../src/browser/page-policy.js';
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
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('the demo page in Chromium', () => {
  /** Stubbing is only a bridge for the entries that still import Node modules. */
  it('bundles with Node modules stubbed only while some entry is not browser-clean', () => {
    if (NOT_YET_BROWSER_CLEAN.length === 0) expect(build.stubbed).toEqual([]);
    else expect(build.stubbed.every((s) => s.startsWith('node:'))).toBe(true);
  });

  it.each(['webgl', 'wasm'])('prunes during fit on %s: exact sparsities, zero leaked tensors', async (backend) => {
    const page = await openDemo(`?backend=${backend}`);
    const result = await page.evaluate(
      (config) => globalThis.tfjsPruneDemo.run({ epochs: 2, trainSize: 256, testSize: 128, config }),
      CONFIG,
    );
    const after = await page.evaluate(() => globalThis.tfjsPruneDemo.release());

    expect(result.backend).toBe(backend);
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
    const response = await page.goto(new URL('strict/?backend=wasm&epochs=1&train=128', server.url).href);
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
    await page.evaluate(() => globalThis.tfjsPruneDemo.ready);
    await page.click('#train');
    await page.waitForFunction(() => /^(done|failed)/.test(globalThis.tfjsPruneDemo.status()), null, { timeout: 60_000 });
    const status = await page.evaluate(() => globalThis.tfjsPruneDemo.status());
    const violations = await page.evaluate(() => globalThis.tfjsPruneDemo.cspViolations());
    if (CONFIG_VALIDATION_NEEDS_EVAL) {
      // Until build-time validation is merged: exactly ajv's `new Function`, nothing else.
      expect(status).toMatch(/^failed: Evaluating a string as JavaScript violates the following Content Security Policy/);
      expect(violations).toEqual(['script-src: eval']);
    } else {
      expect(status).toMatch(/^done on wasm/);
      expect(violations).toEqual([]);
    }
    await page.close();
  });

  it.todo('resumes pruning after a page reload from the IndexedDB checkpoint store (needs the storage interface of h9-callbacks)');
});
