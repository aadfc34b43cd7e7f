import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { alternatedLatency, digitBatch, quantile, summarize } from '../../src/bench/latency.js';

describe('latency statistics', () => {
  it('quantile interpolates between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile([5], 0.25)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('summarize gives the median and spread of the samples as given', () => {
    expect(summarize([4, 1, 3, 2, 10], 7)).toEqual({ medianMs: 3, p25Ms: 2, p75Ms: 4, minMs: 1, maxMs: 10, callsPerSample: 7, samples: [4, 1, 3, 2, 10] });
  });
});

describe('alternatedLatency', () => {
  it('samples every model the same number of times and leaks no tensor', async () => {
    await tf.setBackend('cpu');
    const make = (units: number) =>
      tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [28, 28, 1] }), tfl.layers.dense({ units })] });
    const models = { wide: make(8), narrow: make(2) };
    const input = digitBatch(2);
    const before = tf.memory().numTensors;
    const stats = alternatedLatency(models, input, { warmup: 1, repeats: 3, minSampleMs: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(stats)).toEqual(['wide', 'narrow']);
    for (const s of Object.values(stats)) {
      expect(s.samples).toHaveLength(3);
      expect(s.callsPerSample).toBeGreaterThanOrEqual(1);
      expect(s.minMs).toBeLessThanOrEqual(s.medianMs);
      expect(s.medianMs).toBeLessThanOrEqual(s.maxMs);
      expect(s.cpuMedianMs).toBeGreaterThanOrEqual(0);
    }
    input.dispose();
    Object.values(models).forEach((m) => m.dispose());
  });
});

describe('alternatedLatency budget', () => {
  it('takes fewer samples when a round would overrun the budget, but never fewer than 3', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [28, 28, 1] }), tfl.layers.dense({ units: 4 })] });
    const input = digitBatch(1);
    const stats = alternatedLatency({ model }, input, { warmup: 1, repeats: 50, minSampleMs: 0, budgetMs: 0 });
    expect(stats.model?.samples).toHaveLength(3);
    input.dispose();
    model.dispose();
  });
});
