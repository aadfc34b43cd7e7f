import { describe, expect, it } from 'vitest';

import type { SensitivityResult } from '../src/adapters/core.js';
import { allocateBySensitivity } from '../src/sensitivity-allocation.js';

/** Rows for families given as `[name, channels, [[sparsity, pruned, metric], ...]]`. */
function result(baseline: number, families: [string, number, [number, number, number][]][]): SensitivityResult {
  return { baseline, rows: families.flatMap(([family, channels, steps]) => steps.map(([sparsity, pruned, metric]) => ({ family, channels, sparsity, pruned, metric }))) };
}

const chosen = (allocation: ReturnType<typeof allocateBySensitivity>) => allocation.families.map((f) => [f.family, f.sparsity, f.pruned]);

describe('allocateBySensitivity', () => {
  it('takes the step that loses the least metric per channel removed, until the target', () => {
    // a: 10 channels, each step costs 0.01 per channel; b: 10 channels, first step free, then 0.05 per channel.
    const measured = result(0.9, [
      ['a', 10, [[0.2, 2, 0.88], [0.5, 5, 0.85], [0.8, 8, 0.82]]],
      ['b', 10, [[0.2, 2, 0.9], [0.5, 5, 0.75], [0.8, 8, 0.6]]],
    ]);
    const allocation = allocateBySensitivity(measured, 0.4, true);
    // Target 8 of 20: b to 20% (free), a to 20% and 50% (0.01 each) make 7; a to 80% would make
    // 10, 2 over against 1 under, so it is undone.
    expect(chosen(allocation)).toEqual([
      ['a', 0.5, 5],
      ['b', 0.2, 2],
    ]);
    expect([allocation.pruned, allocation.channels, allocation.reached]).toEqual([7, 20, true]);
    // Beyond 7 of 20: a to 80% (3 channels at 0.01) comes before b to 50% (3 at 0.05).
    expect(chosen(allocateBySensitivity(measured, 0.5, true))).toEqual([['a', 0.8, 8], ['b', 0.2, 2]]);
  });

  it('reads a loss as lower is better', () => {
    const measured = result(0.3, [
      ['a', 4, [[0.5, 2, 0.9]]],
      ['b', 4, [[0.5, 2, 0.35]]],
    ]);
    expect(chosen(allocateBySensitivity(measured, 0.25, false))).toEqual([['a', 0, 0], ['b', 0.5, 2]]);
    expect(chosen(allocateBySensitivity(measured, 0.25, true))).toEqual([['a', 0.5, 2], ['b', 0, 0]]);
  });

  it('undoes the last step when that lands closer to the target, and skips sparsities that prune no more channels', () => {
    const measured = result(1, [['a', 3, [[0.25, 1, 1], [0.5, 2, 0.9], [0.6, 2, 0.9], [0.75, 2, 0.9]]], ['b', 10, [[0.1, 1, 0.95]]]]);
    // 13 channels, target 0.2 → 2.6: a to 25% (1, free), b to 10% (1 at 0.05) → 2, then a to 50% (1 at 0.1) → 3: 0.4 over, 0.6 under: kept.
    expect(chosen(allocateBySensitivity(measured, 0.2, true))).toEqual([['a', 0.5, 2], ['b', 0.1, 1]]);
    // Target 0.16 → 2.08: after 2 channels, 3 would be 0.92 over against 0.08 under: undone.
    expect(chosen(allocateBySensitivity(measured, 0.16, true))).toEqual([['a', 0.25, 1], ['b', 0.1, 1]]);
  });

  it('says when every family is at its largest measured sparsity short of the target', () => {
    const allocation = allocateBySensitivity(result(1, [['a', 4, [[0.5, 2, 0.5]]]]), 0.9, true);
    expect([allocation.pruned, allocation.channels, allocation.reached]).toEqual([2, 4, false]);
    expect(chosen(allocation)).toEqual([['a', 0.5, 2]]);
  });
});
