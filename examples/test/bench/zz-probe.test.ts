import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { countMacs } from '@tfjs-prune/core';
import { CNN_MODELS } from '../../src/models/cnn-models.js';
import { alternatedLatency, digitBatch } from '../../src/bench/latency.js';

it('probe', async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  for (const name of ['mobilenet', 'resnet'] as const) {
    const models = { '1': CNN_MODELS[name].create(1, 1), '0.5': CNN_MODELS[name].create(1, 0.5) };
    const x = digitBatch(64);
    const s = alternatedLatency(models, x, { warmup: 2, repeats: 5, minSampleMs: 100 });
    const r = countMacs(models['1']).total / countMacs(models['0.5']).total;
    console.log(name, 'dense', s['1']!.medianMs.toFixed(1), 'half', s['0.5']!.medianMs.toFixed(1), 'speedup', (s['1']!.medianMs / s['0.5']!.medianMs).toFixed(2), 'macRatio', r.toFixed(2), 'params', models['1'].countParams(), 'macs', countMacs(models['1']).total);
    x.dispose();
  }
}, 600000);
