import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import type { PrunableWeight } from '@tfjs-prune/core';
import { bnScale } from '../src/criteria/bn-scale.js';
import { lamp } from '../src/criteria/lamp.js';

const target = (layerClass: string, weight: string) => ({ path: 'l', layer: 'l', layerClass, weight }) as PrunableWeight;
const f32 = (values: number[]) => Float32Array.from(values);

describe('lamp', () => {
  /**
   * Squares 4, 1, 9, 0, 1 sorted down: 9 | 4 | 1, 1 | 0. Denominators: 9; 9+4 = 13; the tied 1s
   * share 13+1+1 = 15; the zero scores 0 rather than 0/15 by rule.
   */
  it('scores w² over the sum of the squares not smaller, ties sharing one denominator', () => {
    const scores = lamp.score(target('Dense', 'kernel'), f32([2, -1, -3, 0, 1]));
    expect([...scores]).toEqual([...f32([4 / 13, 1 / 15, 1, 0, 1 / 15])]);
  });

  it('is invariant to the tensor\'s scale, which is why a global ranking needs no normalize', () => {
    const small = lamp.score(target('Dense', 'kernel'), f32([0.02, -0.01, 0.03]));
    const large = lamp.score(target('Dense', 'kernel'), f32([200, -100, 300]));
    expect([...small].map((s) => s.toFixed(6))).toEqual([...large].map((s) => s.toFixed(6)));
    expect([...large]).toEqual([...f32([4 / 13, 1 / 14, 1])]);
  });

  it('scores an all-zero tensor 0 everywhere and names a non-finite weight', () => {
    expect([...lamp.score(target('Dense', 'kernel'), f32([0, 0]))]).toEqual([0, 0]);
    expect(() => lamp.score(target('Dense', 'kernel'), f32([1, Infinity]))).toThrow('layer "l" weight "kernel" holds Infinity at flat index 1');
  });
});

describe('bn-scale', () => {
  it('scores a BatchNormalization γ by |γ| and every other weight 0', () => {
    expect([...bnScale.score(target('BatchNormalization', 'gamma'), f32([0.5, -2, 0]))]).toEqual([0.5, 2, 0]);
    expect([...bnScale.score(target('BatchNormalization', 'beta'), f32([0.5, -2, 0]))]).toEqual([0, 0, 0]);
    expect([...bnScale.score(target('Conv2D', 'kernel'), f32([3, 4]))]).toEqual([0, 0]);
  });

  it('refuses to bind without channel groups, and names a non-finite γ', () => {
    expect(bnScale.bindIssues?.(undefined)).toEqual(['needs granularity "structured": it scores channels, not single weights']);
    expect(() => bnScale.score(target('BatchNormalization', 'gamma'), f32([NaN]))).toThrow(
      'layer "l" weight "gamma" holds NaN in its BatchNormalization gamma at flat index 0',
    );
  });
});
