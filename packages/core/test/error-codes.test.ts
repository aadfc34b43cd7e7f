import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { tinyMlp } from './support/models.js';
import { createGranularity, type GranularityOptions, findPrunableWeights, MaskStore, structuredTargets, updateMasks } from '@tfjs-prune/core';
import { block } from '../src/granularity/block.js';
import { gradient } from '../src/criteria/gradient.js';
import { learningRateOf, ProximalRegularizer } from '../src/regularization.js';
import { lossGradients } from '../src/calibration-gradients.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { nOfM } from '../src/granularity/n-m.js';
import { RewindSnapshot } from '../src/rewind-snapshot.js';
import { structured } from '../src/granularity/structured.js';
import { unstructured } from '../src/granularity/unstructured.js';
import { isTfjsPruneError, TfjsPruneError } from '@tfjs-prune/errors';

/**
 * Every error core throws is a TfjsPruneError with a code a program can branch on; these were
 * plain Error / RangeError / TypeError before, recognisable only by their text.
 */
describe('core errors carry a TfjsPruneError code', () => {
  const model = tinyMlp();
  const targets = findPrunableWeights(model);
  const store = new MaskStore(targets);
  const disposed = new MaskStore(targets);
  disposed.dispose();
  const shapeState = new Map([['rewind/hidden1/kernel', tf.zeros([1])]]);
  const [x, y] = [tf.zeros([1, 4]), tf.zeros([1, 3])];
  const embeddingModel = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: 5, outputDim: 2, inputLength: 1, name: 'emb' })] });
  const embedding = findPrunableWeights(embeddingModel)[0]!;
  afterAll(() => {
    tf.dispose([...shapeState.values(), x, y]);
    store.dispose();
    [model, embeddingModel].forEach((m) => m.dispose());
  });

  const CASES: [string, () => unknown, string, string, string][] = [
    ['sparsity out of range', () => updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 1 }), 'MaskError', 'INVALID_SPARSITY', 'sparsity must be in [0, 1) (got 1)'],
    ['a disposed store', () => disposed.keepMask(targets[0]!), 'MaskError', 'STORE_DISPOSED', 'this MaskStore has been disposed'],
    ['a store given one weight twice', () => new MaskStore([targets[0]!, targets[0]!]), 'MaskError', 'DUPLICATE_TARGET', 'weight "hidden1/kernel" registered twice'],
    ['a weight the store does not own', () => store.setMask({ ...targets[0]! }, new Uint8Array(24)), 'MaskError', 'UNKNOWN_TARGET', 'weight "hidden1/kernel" is not in this MaskStore'],
    ['structured on an Embedding', () => structuredTargets(embeddingModel, [embedding]), 'GranularityError', 'GRANULARITY_NOT_APPLICABLE', 'layer "emb" (Embedding) has no whole output units to prune'],
    ['a block shape', () => block([0, 2]), 'GranularityError', 'INVALID_GRANULARITY', 'block shape must be two positive integers (got [0,2])'],
    ['a block norm', () => block([2, 2], 'l3' as 'l1'), 'GranularityError', 'INVALID_GRANULARITY', 'block norm must be one of "l1", "l2", "max", "avg" (got "l3")'],
    ['a structured norm', () => structured('max' as 'l1'), 'GranularityError', 'INVALID_GRANULARITY', 'structured norm must be one of "l1", "l2" (got "max")'],
    ['n:m counts', () => nOfM(4, 4), 'GranularityError', 'INVALID_GRANULARITY', 'n:m needs integers 1 <= n < m (got 4:4)'],
    ['a granularity type', () => createGranularity({ type: 'blocks' } as unknown as GranularityOptions), 'GranularityError', 'INVALID_GRANULARITY', 'unknown granularity type "blocks": expected one of "unstructured", "block", "n:m", "structured"'],
    ['gradients not given', () => gradient.score(targets[0]!, new Float32Array(24)), 'CriterionError', 'MISSING_GRADIENTS', 'criterion "gradient" needs accumulated gradients for layer "hidden1" weight "kernel", and none were given'],
    ['a rewind before a capture', () => new RewindSnapshot(targets).rewind(store), 'PruningStateError', 'NO_SNAPSHOT', 'nothing to rewind to: no snapshot has been captured'],
    ['a rewind state from another model', () => new RewindSnapshot(targets).restoreState(shapeState), 'PruningStateError', 'STATE_SHAPE_MISMATCH', 'pruning state "rewind/hidden1/kernel" has shape [1], the model\'s weight has [4, 6]'],
    ['a regularization strength', () => new ProximalRegularizer(targets, { type: 'l1', strength: 0 }, unstructured), 'TrainingError', 'INVALID_REGULARIZATION', 'regularization strength must be a positive number (got 0)'],
    ['group-l1 without groups', () => new ProximalRegularizer(targets, { type: 'group-l1', strength: 1 }, unstructured), 'TrainingError', 'REGULARIZATION_NEEDS_GROUPS', '"group-l1" needs groups'],
    ['group-l1 with structured but no channel groups', () => new ProximalRegularizer(targets, { type: 'group-l1', strength: 1 }, createGranularity({ type: 'structured' })), 'TrainingError', 'REGULARIZATION_NEEDS_CHANNELS', '"group-l1" with granularity "structured" shrinks whole channel groups, and none were given'],
    ['an optimizer without a learning rate', () => learningRateOf({ getClassName: () => 'Custom' } as unknown as tf.Optimizer), 'TrainingError', 'NO_LEARNING_RATE', 'this Custom has no numeric "learningRate" property'],
    ['calibration on an uncompiled model', () => lossGradients(model, x, y, []), 'TrainingError', 'MODEL_NOT_COMPILED', 'is not compiled'],
    ['a model that is not a LayersModel', () => findPrunableWeights({} as tfl.LayersModel), 'LayerRegistryError', 'NOT_A_LAYERS_MODEL', 'findPrunableWeights: expected a tf.LayersModel'],
  ];

  it.each(CASES)('%s', (_, fail, name, code, message) => {
    let thrown: unknown;
    try {
      fail();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TfjsPruneError);
    expect(isTfjsPruneError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ name, code });
    expect((thrown as Error).message).toContain(message);
  });
});
