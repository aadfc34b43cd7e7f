import { GraphModel } from '@tensorflow/tfjs-converter';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compact, foldBatchNorm } from '@tfjs-prune/compact';
import { LayerRegistryError } from '@tfjs-prune/core';
import { describe, expect, it } from 'vitest';

import './support/cpu-backend.js';

const REFUSAL =
  'expected a tf.LayersModel (from @tensorflow/tfjs-layers), got an instance of GraphModel. ' +
  'Graph models from tf.loadGraphModel cannot be trained, so they cannot be pruned: prune (and compact) the ' +
  'Layers model (tf.loadLayersModel) the graph model was converted from, then convert the result.';

/** `compact(graphModel)` used to fail inside channelGraph with "Cannot read properties of undefined (reading 'map')". */
describe('a GraphModel is refused by name', () => {
  // Never loaded: the constructor only keeps the URL, which is all the check needs.
  const graphModel = new GraphModel('https://example.com/model.json') as unknown as tfl.LayersModel;

  it('compact', async () => {
    await expect(compact(graphModel)).rejects.toThrow(LayerRegistryError);
    await expect(compact(graphModel)).rejects.toThrow(`compact: ${REFUSAL}`);
  });

  it('foldBatchNorm', async () => {
    await expect(foldBatchNorm(graphModel)).rejects.toThrow(`foldBatchNorm: ${REFUSAL}`);
  });
});
