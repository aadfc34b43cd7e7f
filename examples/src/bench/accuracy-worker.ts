#!/usr/bin/env node
/**
 * A child process of the accuracy suite: selects the backend, then trains the runs the parent
 * sends over IPC one at a time (worker-pool.ts), sending back progress lines and results.
 */
import * as tf from '@tensorflow/tfjs-core';

import { selectBackend } from '@tfjs-prune/callbacks/backend';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';

import { parseDataOption } from '../data/index.js';
import type { AccuracyRunSpec } from './accuracy-specs.js';
import { type AccuracyResult, runAccuracy } from './accuracy-run.js';
import { serveWorker } from './worker-pool.js';

const [backend = 'wasm', dataFlag = 'mnist'] = process.argv.slice(2);
await selectBackend(backend, { log: false });
tf.env().set('PROD', true);
if (tf.getBackend() === 'wasm') registerWasmTrainingKernels();
const data = parseDataOption(dataFlag);
serveWorker<AccuracyRunSpec, AccuracyResult>((spec, log) => runAccuracy(spec, data, log));
