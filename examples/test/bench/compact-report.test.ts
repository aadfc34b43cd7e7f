import { describe, expect, it } from 'vitest';

import { type CompactAccuracyRow, compactMarkdown, type FoldingRow } from '../../src/bench/compact-report.js';
import type { LatencyRow } from '../../src/bench/latency-report.js';

const accuracy = (model: string, sparsity: number, compactedAccuracy: number): CompactAccuracyRow => ({
  model,
  sparsity,
  denseAccuracy: 0.98,
  prunedAccuracy: compactedAccuracy,
  compactedAccuracy,
  maxPredictionDifference: 2.4e-7,
  denseParams: 120_000,
  compactedParams: 30_000,
  denseMacs: 12_800_000,
  compactedMacs: 3_200_000,
});

const latency = (channels: number, speedup: number): LatencyRow => ({
  model: 'resnet',
  channels,
  backend: 'wasm',
  batch: 64,
  params: 1,
  macs: 1,
  macRatio: channels === 1 ? 1 : 4,
  medianMs: 100 / speedup,
  p25Ms: 90 / speedup,
  p75Ms: 110 / speedup,
  speedup,
  cpuMedianMs: 100 / speedup,
  cpuSpeedup: speedup,
});

/** The compact section renders before @tfjs-prune/compact exists, so its format is pinned here. */
describe('compactMarkdown', () => {
  const markdown = compactMarkdown([accuracy('resnet', 0.5, 0.975), accuracy('mobilenet', 0.5, 0.965), accuracy('lenet-5', 0.5, 0.9)], [latency(1, 1), latency(0.5, 3.4)], 3);

  it('tables accuracy, parameters and MACs dense → compacted', () => {
    expect(markdown).toContain('| resnet | 50% | 98.00% | 97.50% | 97.50% | 2.4e-7 | 120 k → 30 k (4.00x) | 12.8 M → 3.2 M (4.00x) |');
  });

  it('checks the one-point accuracy target for the ResNet and MobileNet nets at 50%, and the speed targets', () => {
    expect(markdown).toContain('- ✅ resnet at 50% channels loses 0.50 points (target: at most 1 lost): met');
    expect(markdown).toContain('- ❌ mobilenet at 50% channels loses 1.50 points (target: at most 1 lost): missed');
    expect(markdown).not.toContain('lenet-5 at 50% channels loses');
    expect(markdown).toContain('- ✅ resnet at 50% channels, wasm, batch 64: 3.40x faster (CPU time: 3.40x; target ≥ 2x): met');
    expect(markdown).toContain('- ✅ speedup ≥ 0.8 × MAC ratio: 1 of 1 rows');
  });

  /** The full run's pruned ResNet beat its dense net: "loses -0.10 points" read as a typo. */
  it('says "gains" when the compacted net is more accurate than the dense one', () => {
    const better = { ...accuracy('resnet', 0.5, 0.976), denseAccuracy: 0.975 };
    expect(compactMarkdown([better], [latency(1, 1)], 6)).toContain('- ✅ resnet at 50% channels gains 0.10 points (target: at most 1 lost): met');
  });

  /** A quick run once left MobileNet at chance and marked "0 points lost" as met. */
  it('gives no accuracy verdict for a dense net that never left chance', () => {
    const untrained = { ...accuracy('mobilenet', 0.5, 0.1125), denseAccuracy: 0.1125 };
    const text = compactMarkdown([untrained], [latency(1, 1)], 2);
    expect(text).toContain('- ⚠️ mobilenet at 50% channels: not measured, the dense net did not learn in this run (11.25%; run with --full)');
    expect(text).not.toContain('mobilenet at 50% channels loses');
  });

  it('tables what folding BatchNormalization alone gives, beside the end-to-end speedup', () => {
    const folding: FoldingRow = { model: 'mobilenet', backend: 'wasm', batch: 64, foldedLayers: 14, rowsFolded: true, asTrainedMs: 129, foldedMs: 64.5, foldingSpeedup: 2, halfChannelsSpeedup: 6.25 };
    const onCpu: FoldingRow = { ...folding, backend: 'cpu', rowsFolded: false, foldedMs: 172, foldingSpeedup: 0.75, halfChannelsSpeedup: 2.5 };
    const text = compactMarkdown([], [latency(1, 1)], 6, [folding, onCpu]);
    expect(text).toContain('| mobilenet | 14 | wasm | 64 | 129.00 | 64.50 | 2.00x | folded | 6.25x |');
    expect(text).toContain('| mobilenet | 14 | cpu | 64 | 129.00 | 172.00 | 0.75x | as trained | 2.50x |');
    expect(text).toContain('; on wasm every model, the dense net too, runs with its BatchNormalization folded');
    expect(compactMarkdown([], [latency(1, 1)], 6)).not.toContain('Folding BatchNormalization alone');
  });
});
