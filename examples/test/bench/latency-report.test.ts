import { describe, expect, it } from 'vitest';

import { checkTargets, type LatencyRow, latencyPlot, latencyTable } from '../../src/bench/latency-report.js';
import { renderSvg } from '../../src/bench/plot.js';

const row = (model: string, channels: number, speedup: number, macRatio: number, batch = 64, backend = 'wasm'): LatencyRow => ({
  model,
  channels,
  backend,
  batch,
  params: 1000,
  macs: 1e6 / macRatio,
  macRatio,
  medianMs: 10 / speedup,
  p25Ms: 9 / speedup,
  p75Ms: 11 / speedup,
  speedup,
  cpuMedianMs: 8 / speedup,
  cpuSpeedup: speedup * 1.1,
});

describe('checkTargets', () => {
  it('judges the 2x target at 50% on wasm batch 64 and the 0.8 x MAC ratio target on every narrowed row', () => {
    const rows = [row('resnet', 1, 1, 1), row('resnet', 0.5, 3.5, 4), row('mobilenet', 1, 1, 1), row('mobilenet', 0.5, 1.9, 3.6), row('mobilenet', 0.25, 3, 8, 1, 'cpu')];
    expect(checkTargets(rows)).toEqual([
      { met: true, text: 'resnet at 50% channels, wasm, batch 64: 3.50x faster (CPU time: 3.85x; target ≥ 2x): met' },
      { met: false, text: 'mobilenet at 50% channels, wasm, batch 64: 1.90x faster (CPU time: 2.09x; target ≥ 2x): missed' },
      { met: false, text: 'speedup ≥ 0.8 × MAC ratio: 1 of 3 rows; missed by mobilenet 50% wasm b64 (0.53), mobilenet 25% cpu b1 (0.38)' },
    ]);
  });

  it('says nothing about models it has no rows for', () => {
    expect(checkTargets([row('lenet-5', 1, 1, 1)])).toEqual([]);
  });
});

describe('latencyTable', () => {
  it('puts the dense row first with its spread, and the speedup against MACs on narrowed rows', () => {
    const lines = latencyTable([row('resnet', 0.5, 2, 4), row('resnet', 1, 1, 1)]).split('\n');
    expect(lines[2]).toBe('| resnet | 100% | 1 k | 1 M | 1.00x | wasm | 64 | 10.0 (9.00–11.0) | 1.00x |  |  |');
    expect(lines[3]).toBe('| resnet | 50% | 1 k | 250 k | 4.00x | wasm | 64 | 5.00 (4.50–5.50) | 2.00x | 0.50 | 2.20x |');
  });
});

describe('latencyPlot', () => {
  it('renders one panel per model with a line per backend and batch size', async () => {
    const svg = await renderSvg(latencyPlot([row('resnet', 1, 1, 1), row('resnet', 0.5, 2, 4), row('mobilenet', 1, 1, 1, 1, 'cpu')], 'Latency'));
    for (const label of ['resnet', 'mobilenet', 'wasm, batch 64', 'cpu, batch 1', 'channels kept']) expect(svg).toContain(label);
  });
});
