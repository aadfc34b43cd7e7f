#!/usr/bin/env node
/**
 * A child process of the accuracy suite: selects the backend, then trains the runs the parent
 * sends over IPC one at a time, sending back progress lines and results. Runs are independent, so
 * N workers finish N times sooner on N free cores.
 */
import * as tf from '@tensorflow/tfjs-core';

import { selectBackend } from '@tfjs-prune/callbacks';

import { parseDataOption } from '../data/index.js';
import type { AccuracyRunSpec } from './accuracy-specs.js';
import { runAccuracy } from './accuracy-run.js';
import { registerWasmConv2dFilterGrad } from './wasm-conv2d-filter-grad.js';

export type ToWorker = { type: 'run'; spec: AccuracyRunSpec } | { type: 'exit' };
export type FromWorker = { type: 'ready' } | { type: 'log'; line: string } | { type: 'result'; result: import('./accuracy-run.js').AccuracyResult };

const [backend = 'wasm', dataFlag = 'mnist'] = process.argv.slice(2);
const send = (message: FromWorker) => process.send?.(message);
await selectBackend(backend, { log: false });
tf.env().set('PROD', true);
if (tf.getBackend() === 'wasm') registerWasmConv2dFilterGrad();
const data = parseDataOption(dataFlag);

process.on('message', (message: ToWorker) => {
  if (message.type === 'exit') {
    process.disconnect();
    return;
  }
  void runAccuracy(message.spec, data, (line) => send({ type: 'log', line })).then((result) => send({ type: 'result', result }));
});
send({ type: 'ready' });
