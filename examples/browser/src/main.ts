import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { indexedDbCheckpoints } from '@tfjs-prune/callbacks/indexeddb';
import { compact, type CompactResult } from '@tfjs-prune/compact';
import { exportModel } from '@tfjs-prune/core';

import { EpochChart } from './chart.js';
import { type Digits, fetchDigits } from './digits.js';
import type { DemoApi, RunOptions, SpeedOptions } from './page-api.js';
import { LayerTable } from './layer-table.js';
import { compareSpeed, SPEED_DEFAULTS } from './speed.js';
import { resume, RUN_DEFAULTS, train, type TrainedRun } from './train.js';

// The .wasm files are served beside the page; without this tfjs looks for them on a CDN.
setWasmPaths(new URL('./wasm/', document.baseURI).href);

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = (text: string) => {
  element('status').textContent = text;
};
const log = (line: string) => {
  element('log').textContent += `${line}\n`;
};

// Recorded for the browser test: a strict-CSP page must show no violation at all.
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.effectiveDirective}: ${event.blockedURI}`);
});

const params = new URL(location.href).searchParams;
const pageOptions: RunOptions = {
  ...RUN_DEFAULTS,
  backend: params.get('backend') ?? RUN_DEFAULTS.backend,
  epochs: Number(params.get('epochs') ?? RUN_DEFAULTS.epochs),
  trainSize: Number(params.get('train') ?? RUN_DEFAULTS.trainSize),
  granularity: params.get('granularity') === 'structured' ? 'structured' : 'unstructured',
};
element('backend').textContent = pageOptions.backend;

let digits: Digits | undefined;
let chart: EpochChart | undefined;
let current: TrainedRun | undefined;
/** The current model with its pruned units removed, when compaction removed any. */
let compacted: CompactResult | undefined;
const table = new LayerTable(element<HTMLTableElement>('layers'));

type Start = typeof train;

async function run(overrides: Partial<RunOptions> = {}, start: Start = train) {
  if (digits === undefined || chart === undefined) throw new Error('the page is still loading its digits');
  release();
  const options = { ...pageOptions, ...overrides };
  await chart.clear();
  table.clear();
  status(`training on ${options.trainSize} digits…`);
  const started = performance.now();
  const liveChart = chart;
  current = await start(digits, options, {
    log,
    epoch: (p) => {
      status(`epoch ${p.epoch + 1}/${options.epochs}: accuracy ${(p.accuracy * 100).toFixed(1)}%, sparsity ${(p.sparsity * 100).toFixed(1)}%`);
      void liveChart.add(p);
    },
    maskUpdate: (event) => table.update(event),
  });
  const { result } = current;
  table.finish(result.weights);
  await offerCompacted(current);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  status(`done on ${result.backend} in ${seconds} s: test accuracy ${(result.testAccuracy * 100).toFixed(1)}% on ${options.testSize} other digits`);
  element<HTMLButtonElement>('download').disabled = false;
  await offerResume();
  return result;
}

/** Compacts the trained model; the second download appears only when that removed something. */
async function offerCompacted(run: TrainedRun): Promise<void> {
  const result = await compact(run.model);
  const button = element<HTMLButtonElement>('download-compact');
  if (result.report.removedChannels === 0) {
    result.model.dispose();
    return;
  }
  compacted = result;
  const { before, after } = result.report.parameters;
  button.textContent = `Download the compacted model (${after.toLocaleString('en-US')} parameters, ${before.toLocaleString('en-US')} before)`;
  button.hidden = false;
}

/** Shows "Resume" when IndexedDB holds a checkpoint of the page's store (after a reload, say). */
async function offerResume(): Promise<void> {
  const epoch = await checkpointEpoch();
  const button = element<HTMLButtonElement>('resume');
  button.hidden = epoch === null || epoch + 1 >= pageOptions.epochs;
  if (epoch !== null) button.textContent = `Resume from epoch ${epoch + 2}`;
}

async function checkpointEpoch(name = pageOptions.checkpoint): Promise<number | null> {
  if (name === null) return null;
  return (await indexedDbCheckpoints(name).latest())?.epoch ?? null;
}

function release(): number {
  current?.dispose();
  current = undefined;
  compacted?.model.dispose();
  compacted = undefined;
  element<HTMLButtonElement>('download').disabled = true;
  element<HTMLButtonElement>('download-compact').hidden = true;
  return tf.memory().numTensors;
}

async function exportPruned(destination = 'downloads://lenet-300-100-pruned') {
  if (current === undefined) throw new Error('train a model first');
  const report = await exportModel(current.model, destination);
  log(`exported: weights ${report.weightsBytes} B, ${report.weightsGzipBytes} B gzipped (${report.ratioGzipVsDense.toFixed(1)}x smaller than dense)`);
  return { weightsBytes: report.weightsBytes, weightsGzipBytes: report.weightsGzipBytes };
}

async function exportCompacted(destination = 'downloads://lenet-300-100-compacted') {
  if (current === undefined) throw new Error('train a model first');
  if (compacted === undefined) return null;
  await compacted.model.save(destination);
  const { before, after } = compacted.report.parameters;
  log(`exported the compacted model: ${after} parameters (the pruned one has ${before})`);
  return { parameters: after, prunedParameters: before };
}

async function predict(inputs: number[][]) {
  if (current === undefined) throw new Error('train a model first');
  const model = current.model;
  const y = tf.tidy(() => model.predict(tf.tensor2d(inputs)) as tf.Tensor);
  const predictions = (await y.array()) as number[][];
  y.dispose();
  return predictions;
}

async function loadAndPredict(url: string, inputs: number[][], backend?: string) {
  if (backend !== undefined && !(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  const before = tf.memory().numTensors;
  const model = await tfl.loadLayersModel(url);
  const x = tf.tensor2d(inputs);
  const y = model.predict(x) as tf.Tensor;
  const predictions = (await y.array()) as number[][];
  tf.dispose([x, y]);
  model.dispose();
  return { predictions, leakedTensors: tf.memory().numTensors - before };
}

/** The "Compare speed" button: dense vs sparse latency of the trained model (or a magnitude-pruned one). */
async function speed(overrides: Partial<SpeedOptions> = {}) {
  const options = { ...SPEED_DEFAULTS, ...overrides };
  // A trained model's backend is active already; before any training, start the page's.
  if (current === undefined) await selectBackend(pageOptions.backend, { log });
  status(`timing model.predict vs sparsify(model).predict on ${tf.getBackend()}…`);
  const result = await compareSpeed(current?.model, options);
  for (const r of result.rows) {
    log(
      `batch ${r.batch}: model.predict ${r.denseMs.toFixed(3)} ms, sparse ${r.sparseMs.toFixed(3)} ms: ${r.speedup.toFixed(2)}x faster ` +
        `(${r.runtime}; ${r.formats}; outputs within ${r.maxDifference.toExponential(1)})`,
    );
  }
  const what = result.model === 'current' ? 'the trained model' : 'LeNet-300-100 pruned by magnitude to 90/90/70%';
  status(`speed on ${result.backend}, ${what}: ${result.rows.map((r) => `batch ${r.batch} ${r.speedup.toFixed(1)}x`).join(', ')} faster with sparsify`);
  return result;
}

const ready = (async () => {
  digits = await fetchDigits();
  chart = await EpochChart.create(element('chart'));
  status(`${digits.train.count + digits.test.count} digits loaded`);
  element<HTMLButtonElement>('train').disabled = false;
  element<HTMLButtonElement>('speed').disabled = false;
  await offerResume();
})();
ready.catch((error: unknown) => status(`could not load: ${String(error)}`));

const failed = (error: unknown) => {
  status(`failed: ${error instanceof Error ? error.message : String(error)}`);
  log(String(error instanceof Error ? (error.stack ?? error.message) : error));
};
element('train').addEventListener('click', () => void run().catch(failed));
element('resume').addEventListener('click', () => void run({}, resume).catch(failed));
element('speed').addEventListener('click', () => void speed().catch(failed));
element('download').addEventListener('click', () => {
  exportPruned().catch((error: unknown) => status(`export failed: ${String(error)}`));
});
element('download-compact').addEventListener('click', () => {
  exportCompacted().catch((error: unknown) => status(`export failed: ${String(error)}`));
});

const api: DemoApi = {
  ready,
  run,
  resume: (options) => run(options, resume),
  checkpointEpoch,
  release,
  exportPruned,
  exportCompacted,
  predict,
  loadAndPredict,
  compareSpeed: speed,
  cspViolations: () => [...violations],
  status: () => element('status').textContent ?? '',
};
globalThis.tfjsPruneDemo = api;
