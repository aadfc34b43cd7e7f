import { describe, expect, it } from 'vitest';
import { formatExportReport, type ExportReport } from '../../src/io/index.js';

describe('formatExportReport', () => {
  it('names the URL when nothing was written to files', () => {
    const report: ExportReport = {
      destination: 'indexeddb://pruned',
      files: [],
      quantize: 'none',
      weightsBytes: 8,
      weightsGzipBytes: 20,
      denseFloat32Bytes: 8,
      layers: [],
      totals: { params: 2, zeros: 1, sparsity: 0.5 },
      ratioRawVsDense: 1,
      ratioGzipVsDense: 0.4,
    };
    expect(formatExportReport(report).split('\n')[0]).toBe('exported to indexeddb://pruned (quantize: none)');
  });

  it('aligns one row per weight, names relative to their layer, then totals and ratios', () => {
    const report: ExportReport = {
      destination: 'out',
      files: ['out/model.json', 'out/weights.bin'],
      quantize: 'uint8',
      weightsBytes: 100_250,
      weightsGzipBytes: 20_000,
      denseFloat32Bytes: 401_000,
      layers: [
        {
          layer: 'dense_Dense1',
          weights: [
            { name: 'dense_Dense1/kernel', shape: [400, 250], count: 100_000, zeros: 90_000, bytes: 100_000, gzipBytes: 19_800 },
            { name: 'dense_Dense1/bias', shape: [250], count: 250, zeros: 0, bytes: 250, gzipBytes: 270 },
          ],
          bytes: 100_250,
          gzipBytes: 20_070,
          sparsity: 90_000 / 100_250,
        },
      ],
      totals: { params: 100_250, zeros: 90_000, sparsity: 90_000 / 100_250 },
      ratioRawVsDense: 4,
      ratioGzipVsDense: 20.05,
    };
    expect(formatExportReport(report)).toBe(
      [
        'exported out/model.json, out/weights.bin (quantize: uint8)',
        'layer         weight  shape     params   zeros  sparsity     bytes      gzip',
        'dense_Dense1  kernel  400x250  100,000  90,000     90.0%  97.7 KiB  19.3 KiB',
        '              bias    250          250       0      0.0%     250 B     270 B',
        'total                          100,250  90,000     89.8%  97.9 KiB  19.5 KiB',
        'weights.bin: 97.9 KiB raw, 19.5 KiB gzip; dense float32 would be 391.6 KiB, ' +
          'so 4.0x smaller raw and 20.1x smaller gzipped',
      ].join('\n'),
    );
  });
});
