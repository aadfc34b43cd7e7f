import { describe, expect, it } from 'vitest';

import { count, markdownTable, pct, resultJson } from '../../src/bench/markdown.js';
import { median } from '../../src/bench/stats.js';

describe('markdownTable', () => {
  it('right-aligns numeric columns, left-aligns text, and escapes pipes', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 1], ['z', 2.5]])).toBe(['| a | b |', '| --- | ---: |', '| x\\|y | 1 |', '| z | 2.5 |'].join('\n'));
  });

  it('takes explicit alignment', () => {
    expect(markdownTable(['a', 'b'], [], ['r', 'l']).split('\n')[1]).toBe('| ---: | --- |');
  });
});

describe('formatting', () => {
  it('writes parameter counts and percentages for tables', () => {
    expect([count(99_856), count(1_000_000), count(20_000_000), count(512)]).toEqual(['99.9 k', '1 M', '20 M', '512']);
    expect([pct(0.9), pct(0.95312, 2), pct(Number.NaN)]).toEqual(['90.0%', '95.31%', 'n/a']);
  });

  it('rounds result JSON to 6 significant digits and keeps integers exact', () => {
    expect(JSON.parse(resultJson({ a: 1 / 3, n: 266_200, s: 'x' }))).toEqual({ a: 0.333333, n: 266_200, s: 'x' });
    expect(resultJson({})).toBe('{}\n');
  });

  it('takes medians of odd and even lists', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, Number.NaN]);
  });
});
