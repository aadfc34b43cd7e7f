import { readFileSync } from 'node:fs';

import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import '../../core/test/support/cpu-backend.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { createCriterion, createGranularity, layerHandlerFor, registerLayer, unregisterLayer } from '@tfjs-prune/core';
import {
  blockNorms,
  criterionNames,
  describeUnitLayers,
  gradientCriterionNames,
  granularityTypes,
  pruningScopes,
  regularizationTypes,
  structuredNorms,
} from '@tfjs-prune/core/internal';
import { configSchema, gradientCriteria, prunableLayerClasses, type PruningConfig, PruningConfigError, validateConfig } from '@tfjs-prune/schedules';

import { builtinLayers } from '../../core/src/layers/builtin-layers.js';

/** Core's built-in classes with prunable weights, in its table's order. */
const builtinPrunableLayerClasses = Object.keys(builtinLayers).filter((name) => builtinLayers[name]?.weights !== undefined);

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

/**
 * The layer registry is the one statement of which classes are prunable, with which weights, and
 * which have whole output units. Messages derive their lists from it; the docs repeat them for
 * readers, in the exact form the registry gives, and are held to it here.
 */
describe('messages and docs follow the layer registry', () => {
  const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
  /** The text with every line break and indentation folded into one space, as Markdown reads it. */
  const flat = (text: string) => text.replace(/\s*\n\s*/g, ' ');

  it('the docs name the layers with whole output units as describeUnitLayers() does', () => {
    const units = describeUnitLayers();
    expect(units).toBe('Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (pointwise_kernel)');
    expect(flat(read('docs/pruning-options.md'))).toContain(`the layers with whole output units are selectable: ${units};`);
    expect(flat(read('packages/schedules/README.md'))).toContain(`\`structured\` only fits the layers with whole output units: ${units}.`);
  });

  it("the schema's description of \"structured\" names the classes with whole output units", () => {
    const found: string[] = [];
    JSON.stringify(configSchema, (key, value: unknown) => {
      if (key === 'description' && typeof value === 'string' && value.startsWith('Whole output units')) found.push(value);
      return value;
    });
    expect(found).toHaveLength(1);
    const named = found[0]!.slice(found[0]!.indexOf('Sparsity counts units.')).replace(/Conv1D\/2D\/3D/g, 'Conv1D, Conv2D, Conv3D').match(/[A-Z][A-Za-z0-9]+/g);
    const withUnits = builtinPrunableLayerClasses.filter((c) => layerHandlerFor(c)!.weights!.some((w) => w.unitAxis !== undefined));
    expect(named!.filter((word) => word !== 'Sparsity')).toEqual(withUnits);
  });

  it("the schedules README's class list and the README's prunable weights are the registry's, in its order", () => {
    expect(flat(read('packages/schedules/README.md'))).toContain(
      `| \`layers.classes\` | array of class names | every prunable class | ${builtinPrunableLayerClasses.map((c) => `\`${c}\``).join(', ')}, and any class`,
    );
    const weights = builtinPrunableLayerClasses.map((c) => `\`${c}\` (${layerHandlerFor(c)!.weights!.map((w) => w.name).join(', ')})`);
    expect(flat(read('README.md'))).toContain(`- Prunable weights: ${weights.join(', ')}. Biases`);
  });

  it('the bind error for a layer without units lists the registered unit layers, a custom one included', () => {
    const embedding = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 2, name: 'words' })] });
    const config = { pruners: [{ name: 'units', granularity: 'structured', schedule }] } as PruningConfig;
    registerLayer('MyDense', { weights: [{ name: 'kernel', unitAxis: -1 }] });
    try {
      expect(() => new PruningCallback(config).attach(embedding)).toThrow(
        'pruner "units" has granularity "structured", which cannot prune layer "words" (Embedding): only these layers have whole ' +
          'output units: Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (pointwise_kernel), MyDense; ',
      );
    } finally {
      unregisterLayer('MyDense');
      embedding.dispose();
    }
  });
});

/**
 * The compact README's table of what the channel graph supports, and its list of layers a
 * BatchNormalization folds into, are hand-written for readers; they name exactly the built-in
 * classes core's layer table gives a channel handler (refusing ones included) and a BN fold.
 */
describe("compaction's docs follow the layer table", () => {
  const readme = readFileSync(new URL('../../compact/README.md', import.meta.url), 'utf8');
  /** Backticked class names, `Conv1D/2D/3D` read as Conv1D, Conv2D, Conv3D. */
  const classesIn = (text: string) =>
    [...text.matchAll(/`([A-Z][A-Za-z0-9]*)((?:\/[0-9]D)*)`/g)].flatMap(([, name, more]) => [
      name!,
      ...(more ?? '').split('/').filter(Boolean).map((suffix) => name!.replace(/[0-9]D$/, suffix)),
    ]);
  const builtins = (has: (name: string) => boolean) => Object.keys(builtinLayers).filter(has).sort();

  it('the table of what the graph supports names every built-in class with a channel handler, and no other', () => {
    const table = readme.slice(readme.indexOf('## What the graph supports'));
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| |'));
    const named = rows.flatMap((row) => classesIn(row.split(' | ')[1] ?? ''));
    expect([...new Set(named)].sort()).toEqual(builtins((name) => builtinLayers[name]?.channels !== undefined));
  });

  it('the layers a BatchNormalization folds into are the built-ins whose handler has batchNormFold', () => {
    const flat = readme.replace(/\s*\n\s*/g, ' ');
    const sentence = flat.slice(flat.indexOf('its producer is not a '), flat.indexOf('; the producer has a nonlinear'));
    expect(classesIn(sentence).sort()).toEqual(builtins((name) => builtinLayers[name]?.channels?.batchNormFold !== undefined));
  });
});
