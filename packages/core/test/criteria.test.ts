import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import type { PrunableWeight } from '@tfjs-prune/core';
import { gradient } from '../src/criteria/gradient.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { movement } from '../src/criteria/movement.js';
import { random } from '../src/criteria/random.js';
import { taylor } from '../src/criteria/taylor.js';

/** Criteria only read a target's path and weight name; no variable is needed to score. */
const target = (path: string, weight = 'kernel') => ({ path, weight }) as PrunableWeight;
const f32 = (values: number[]) => Float32Array.from(values);

describe('criteria', () => {
  it('magnitude scores |w|', () => {
    expect([...magnitude.score(target('d'), f32([0.5, -2, 0, -0]))]).toEqual([0.5, 2, 0, 0]);
  });

  it('gradient and taylor score their accumulated statistic, not the weights; movement negates its sum', () => {
    const weights = f32([9, 9, 9]);
    const statistic = f32([0.25, 0.5, -1]);
    expect([...gradient.score(target('d'), weights, statistic)]).toEqual([0.25, 0.5, -1]);
    expect([...taylor.score(target('d'), weights, statistic)]).toEqual([0.25, 0.5, -1]);
    expect([...movement.score(target('d'), weights, statistic)]).toEqual([-0.25, -0.5, 1]);
    expect(movement.signedScores).toBe(true);
  });

  it('gradient criteria say which layer lacks gradients or holds a non-finite statistic', () => {
    expect(() => taylor.score(target('d'), f32([1]))).toThrow(
      'criterion "taylor" needs accumulated gradients for layer "d" weight "kernel", and none were given',
    );
    expect(() => gradient.score(target('d'), f32([1, 1]), f32([0, NaN]))).toThrow(
      'layer "d" weight "kernel" holds NaN in its accumulated |g| at flat index 1',
    );
  });

  it('random: the same seed gives the same scores, another seed or another weight different ones', () => {
    const values = new Float32Array(64);
    const a = random(7).score(target('d'), values);
    expect([...random(7).score(target('d'), values)]).toEqual([...a]);
    expect([...random(8).score(target('d'), values)]).not.toEqual([...a]);
    expect([...random(7).score(target('e'), values)]).not.toEqual([...a]);
    expect(a.every((s) => s >= 0 && s < 1)).toBe(true);
    expect(new Set(a).size).toBe(64);
  });
});
