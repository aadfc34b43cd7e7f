import { describe, expect, it } from 'vitest';

import { type OverheadRow, overheadMarkdown } from '../../src/bench/overhead.js';
import { type ScalingRow, scalingMarkdown } from '../../src/bench/scaling.js';

const base = { backend: 'wasm', model: 'lenet-300-100', batchSize: 32, samples: 2048, rounds: 3 } as const;

describe('overheadMarkdown', () => {
  /** A criterion the installed library rejects must read as such, not crash or look measured. */
  it('reports a criterion the build lacks as not available, and judges the rest by the direct ratio', () => {
    const rows: OverheadRow[] = [
      { ...base, criterion: 'magnitude', status: 'ok', wallRatio: 1.2, wallRatioMin: 0.9, wallRatioMax: 1.3, directRatio: 1.012, libraryMsPerStep: 0.3, callbackMsPerFit: 20, plainSeconds: 3, target: 1.03 },
      { ...base, criterion: 'gradient', status: 'unavailable', reason: 'config: /pruners/0/criterion must be one of ...', target: 1.05 },
    ];
    const text = overheadMarkdown(rows, 3);
    expect(text).toContain('| wasm | lenet-300-100 | 32 | 2048 × 2 | 3 | magnitude | 1.012 | 1.200 (0.90–1.30) | 0.300 | 20.0 | 3.00 | ≤ 1.03 | meets |');
    expect(text).toContain('| gradient | not available in this build |');
    expect(text).toContain('- **wasm**: worst direct ratio 1.012 with magnitude (target ≤ 1.03); the library spends 0.30–0.30 ms per step. Every row meets its target.');
    expect(text).toContain('- Gradient criteria: not available in this build');
  });
});

describe('scalingMarkdown', () => {
  it('shows time and per-parameter cost per size and the 10M global update time', () => {
    const rows: ScalingRow[] = (['layer', 'global', 'select', 'sort'] as const).flatMap((method, i) =>
      [1e6, 1e7].map((params) => ({ params, method, ms: (params / 1e6) * (10 + i), nsPerParam: 10 + i })),
    );
    const text = scalingMarkdown(rows, 'wasm');
    expect(text).toContain('| 10 M | 100.0 ms (10.0 ns) | 110.0 ms (11.0 ns) | 120.0 ms (12.0 ns) | 130.0 ms (13.0 ns) | 1.1x |');
    expect(text).toContain('A global update over 10 M parameters takes **110 ms**');
  });
});
