import { describe, expect, it } from 'vitest';

import {
  blockNorms,
  builtinPrunableLayerClasses,
  createCriterion,
  createGranularity,
  criterionNames,
  gradientCriterionNames,
  granularityTypes,
  pruningScopes,
  regularizationTypes,
  structuredNorms,
} from '@tfjs-prune/core';
import { gradientCriteria, prunableLayerClasses, PruningConfigError, validateConfig } from '@tfjs-prune/schedules';

/**
 * `@tfjs-prune/schedules` must not import tfjs, so it keeps its own enums of what core
 * implements. This holds each enum to core's registry, both ways: every value core has is
 * accepted by the config, and the values the config accepts (as its error lists them) are
 * exactly core's. A criterion, granularity or layer class added on one side only fails here.
 */
const schedule = { type: 'one-shot', sparsity: 0.5 };

function validatePruner(pruner: Record<string, unknown>) {
  return validateConfig({ pruners: [{ ...pruner, schedule }] }).pruners[0]!;
}

/** The values the config accepts at `pointer`, read from the error a value it rejects gives. */
function acceptedValues(pruner: Record<string, unknown>, pointer: string): string[] {
  try {
    validatePruner(pruner);
  } catch (error) {
    expect(error).toBeInstanceOf(PruningConfigError);
    const line = (error as Error).message.split('\n').find((l) => l.includes(`${pointer} must be one of `));
    expect(line, `no "${pointer} must be one of" in: ${(error as Error).message}`).toBeDefined();
    const list = line!.slice(line!.indexOf(' must be one of ') + 16, line!.lastIndexOf(' (got '));
    return JSON.parse(`[${list}]`) as string[];
  }
  throw new Error(`the config accepted ${JSON.stringify(pruner)}`);
}

describe('schedules\' enums equal core\'s registries', () => {
  it('prunable layer classes', () => {
    expect([...prunableLayerClasses]).toEqual(builtinPrunableLayerClasses);
    expect(acceptedValues({ layers: { classes: ['NoSuchLayer'] } }, '/pruners/0/layers/classes/0')).toEqual(builtinPrunableLayerClasses);
  });

  it('criteria, and which of them need gradients', () => {
    expect(acceptedValues({ criterion: 'no-such-criterion' }, '/pruners/0/criterion')).toEqual(criterionNames);
    for (const name of criterionNames) {
      // "bn-scale" scores channels, so the config only takes it with structured granularity.
      const resolved = validatePruner({ criterion: name, ...(name === 'bn-scale' ? { granularity: 'structured' } : {}) });
      expect(createCriterion(resolved.criterion, { seed: resolved.seed }).name).toBe(name);
    }
    expect([...gradientCriteria]).toEqual(gradientCriterionNames);
  });

  it('granularity types: each one the config resolves builds in core', () => {
    expect(acceptedValues({ granularity: { type: 'no-such-granularity' } }, '/pruners/0/granularity/type')).toEqual(granularityTypes);
    const samples: Record<string, unknown> = {
      unstructured: { type: 'unstructured' },
      block: { type: 'block', shape: [2, 2] },
      'n:m': { type: 'n:m', n: 2, m: 4 },
      structured: { type: 'structured' },
    };
    expect(Object.keys(samples)).toEqual(granularityTypes);
    for (const type of granularityTypes) {
      expect(createGranularity(validatePruner({ granularity: samples[type] }).granularity).name).toMatch(type === 'n:m' ? /^2:4$/ : new RegExp(`^${type}`));
    }
  });

  it('block norms (fails until schedules adds "avg")', () => {
    expect(acceptedValues({ granularity: { type: 'block', shape: [2, 2], norm: 'no-such-norm' } }, '/pruners/0/granularity/norm')).toEqual(blockNorms);
  });

  it('structured norms, scopes and regularization types', () => {
    expect(acceptedValues({ granularity: { type: 'structured', norm: 'no-such-norm' } }, '/pruners/0/granularity/norm')).toEqual(structuredNorms);
    expect(acceptedValues({ scope: 'no-such-scope' }, '/pruners/0/scope')).toEqual(pruningScopes);
    expect(acceptedValues({ regularization: { type: 'no-such-type', strength: 1 } }, '/pruners/0/regularization/type')).toEqual(regularizationTypes);
  });
});
