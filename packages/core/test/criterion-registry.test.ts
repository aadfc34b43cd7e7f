import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import { createCriterion, type CriterionName, criterionNeedsGradients, type PrunableWeight } from '@tfjs-prune/core';
import { bnScale } from '../src/criteria/bn-scale.js';
import { criterionNames, gradientCriterionNames } from '../src/criteria/criterion-registry.js';
import { gradient } from '../src/criteria/gradient.js';
import { lamp } from '../src/criteria/lamp.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { movement } from '../src/criteria/movement.js';
import { taylor } from '../src/criteria/taylor.js';

/** One row per criterion: adding a criterion adds a row here (and fails until it does). */
const ROWS: [CriterionName, { needsGradients: boolean; window?: 'mean-since-update' | 'sum-since-start' }][] = [
  ['magnitude', { needsGradients: false }],
  ['random', { needsGradients: false }],
  ['gradient', { needsGradients: true, window: 'mean-since-update' }],
  ['taylor', { needsGradients: true, window: 'mean-since-update' }],
  ['movement', { needsGradients: true, window: 'sum-since-start' }],
  ['lamp', { needsGradients: false }],
  ['bn-scale', { needsGradients: false }],
];

const target = { path: 'd', weight: 'kernel' } as PrunableWeight;

describe('the criterion registry', () => {
  it('has exactly the rows of this table, in order', () => {
    expect(criterionNames).toEqual(ROWS.map(([name]) => name));
    expect(gradientCriterionNames).toEqual(ROWS.filter(([, row]) => row.needsGradients).map(([name]) => name));
  });

  it.each(ROWS)('%s', (name, { needsGradients, window }) => {
    const criterion = createCriterion(name, { seed: 3 });
    expect(criterion.name).toBe(name);
    expect(criterionNeedsGradients(name)).toBe(needsGradients);
    expect(criterion.gradientStatistic?.window).toBe(window);
  });

  it('returns the shared criterion objects, and seeds random', () => {
    expect([createCriterion('magnitude'), createCriterion('gradient'), createCriterion('taylor'), createCriterion('movement'), createCriterion('lamp'), createCriterion('bn-scale')]).toEqual([
      magnitude, gradient, taylor, movement, lamp, bnScale,
    ]);
    const values = new Float32Array(4);
    const scores = (seed?: number) => [...createCriterion('random', seed === undefined ? {} : { seed }).score(target, values)];
    expect(scores(5)).toEqual(scores(5));
    expect(scores(5)).not.toEqual(scores(6));
    expect(scores()).toEqual(scores(0));
  });

  it('names the known criteria for an unknown one', () => {
    const create = () => createCriterion('magnitudes' as CriterionName);
    expect(create).toThrow('unknown criterion "magnitudes": expected one of "magnitude", "random", "gradient", "taylor", "movement", "lamp", "bn-scale"');
    expect(create).toThrow(expect.objectContaining({ code: 'UNKNOWN_CRITERION', name: 'CriterionError' }));
  });
});
