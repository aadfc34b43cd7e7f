import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';
import { layerHandlerFor } from '@tfjs-prune/core';

/**
 * Compaction asks a producer which output channels are constant once their weights are zero. An
 * Embedding has no bias and no activation, so exactly its all-zero columns output 0 for every
 * token; a column with one nonzero entry is not constant.
 */
describe('Embedding constantOutputs', () => {
  const constantOutputs = layerHandlerFor('Embedding')!.channels!.constantOutputs!;

  it('is 0 for an all-zero column and null for a column with any weight left', () => {
    const layer = tfl.layers.embedding({ inputDim: 3, outputDim: 4 });
    // Rows are tokens, columns are output channels: column 1 and 3 are all zero.
    const values = Float32Array.from([0, 0, 5, 0, 0, 0, 0, 0, -2, 0, 0, 0]);
    const read = (weight: string) => (weight === 'embeddings' ? { values, shape: [3, 4] } : undefined);
    const before = tf.memory().numTensors;
    expect(constantOutputs(layer, read, 4)).toEqual([null, 0, null, 0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('knows nothing without the table', () => {
    const layer = tfl.layers.embedding({ inputDim: 3, outputDim: 2 });
    expect(constantOutputs(layer, () => undefined, 2)).toEqual([null, null]);
  });
});
