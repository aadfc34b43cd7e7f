import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp, zerosOf } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import type { PruningConfig } from '@tfjs-prune/schedules';
import { findPrunableWeights } from '@tfjs-prune/core';

const halfEverything: PruningConfig = { pruners: [{ name: 'all', schedule: { type: 'one-shot', sparsity: 0.5 } }] };

function compiled(seed = 1) {
  const model = tinyMlp(seed);
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  return model;
}

const kernelZeros = (model: tfl.LayersModel) => findPrunableWeights(model).map((t) => zerosOf(t.variable));

describe('PruningCallback misuse gets clear errors or documented behaviour', () => {
  it('a model without prunable layers: the error says so', () => {
    const model = tfl.sequential({ layers: [tfl.layers.batchNormalization({ inputShape: [3] })] });
    expect(() => new PruningCallback(halfEverything).attach(model)).toThrow(
      'pruner "all" matches no prunable weight (no layer filter)\n' +
        "The model's prunable layers: (none: the model has no Dense, convolution, embedding or recurrent layers)",
    );
    model.dispose();
  });

  it('something that is not a LayersModel', () => {
    expect(() => new PruningCallback(halfEverything).attach({ predict() {} } as unknown as tfl.LayersModel)).toThrow(
      'expected a tf.LayersModel (from @tensorflow/tfjs-layers), got an instance of Object.',
    );
  });

  it('two PruningCallbacks on one model', () => {
    const model = compiled();
    const first = new PruningCallback(halfEverything);
    first.attach(model);
    expect(() => new PruningCallback(halfEverything).attach(model)).toThrow(
      `model "${model.name}" is already pruned by another PruningCallback; use one callback with several pruners, or strip() the other first`,
    );
    first.strip();
    const second = new PruningCallback(halfEverything);
    expect(() => second.attach(model)).not.toThrow();
    second.strip();
    model.dispose();
  });

  it('a second fit with the same callback continues: masks stay, the schedule goes on', async () => {
    const model = compiled();
    const { x, y } = tinyData(16);
    const pruning = new PruningCallback({
      pruners: [{ schedule: { type: 'iterative', finalSparsity: 0.75, rounds: 2, startEpoch: 0, epochsPerRound: 2 } }],
    });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [pruning] });
    expect(kernelZeros(model)).toEqual([12, 15, 8]);
    await model.fit(x, y, { epochs: 4, initialEpoch: 2, verbose: 0, callbacks: [pruning] });
    // 75% of hidden2's 30 weights is 22.5: counts round half to even (as torch and TFMOT), 22.
    expect(kernelZeros(model)).toEqual([18, 22, 11]);
    pruning.strip();
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a recompile between fits: enforcement follows the new optimizer, even outside fit', async () => {
    // A functional model keeps its identity across compile(); see the Sequential case below.
    const sequential = tinyMlp();
    const model = tfl.model({ inputs: sequential.inputs, outputs: sequential.outputs });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const { x, y } = tinyData(16);
    const pruning = new PruningCallback(halfEverything);
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [pruning] });
    model.compile({ optimizer: tf.train.adam(0.1), loss: 'categoricalCrossentropy' });
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual([12, 15, 8]);
    pruning.strip();
    model.optimizer.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a Sequential recompiled between fits: the next fit re-attaches to the model tfjs rebuilt', async () => {
    // Sequential.compile() builds a new inner functional model, which is what fit hands its
    // callbacks; the next fit (or attach(sequential)) moves enforcement to it.
    const model = compiled();
    const { x, y } = tinyData(16);
    const pruning = new PruningCallback(halfEverything);
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [pruning] });
    model.compile({ optimizer: tf.train.adam(0.1), loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { epochs: 2, initialEpoch: 1, verbose: 0, callbacks: [pruning] });
    expect(kernelZeros(model)).toEqual([12, 15, 8]);
    pruning.attach(model);
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    expect(kernelZeros(model)).toEqual([12, 15, 8]);
    pruning.strip();
    model.optimizer.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });

  it('strip() twice, and strip() after the model was disposed, do nothing', () => {
    const model = compiled();
    const pruning = new PruningCallback(halfEverything);
    pruning.attach(model);
    model.dispose();
    expect(() => pruning.strip()).not.toThrow();
    expect(() => pruning.strip()).not.toThrow();
  });

  it('a stripped callback cannot be reused', () => {
    const model = compiled();
    const pruning = new PruningCallback(halfEverything);
    pruning.strip();
    expect(() => pruning.attach(model)).toThrow('this PruningCallback was stripped; create a new one to prune again');
    model.dispose();
  });
});
