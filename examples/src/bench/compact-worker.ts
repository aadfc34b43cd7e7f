#!/usr/bin/env node
/**
 * A child process of the compact suite: selects the backend (with the wasm training kernels the
 * CNNs need), then runs the trainings the parent sends one at a time (worker-pool.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';

import { parseDataOption } from '../data/index.js';
import { type CompactTrainingResult, type CompactTrainingSpec, runCompactTraining } from './compact-training.js';
import { serveWorker } from './worker-pool.js';

const [backend = 'wasm', dataFlag = 'mnist'] = process.argv.slice(2);
await selectBackend(backend, { log: false });
tf.env().set('PROD', true);
if (tf.getBackend() === 'wasm') {
  // The order of the main process (index.ts, then the suite), so a worker trains with the same kernels.
  registerWasmTrainingKernels();
}
const data = parseDataOption(dataFlag);
serveWorker<CompactTrainingSpec, CompactTrainingResult>((spec, log) => runCompactTraining(spec, data, log));
