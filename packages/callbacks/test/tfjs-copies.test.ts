import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import '../../core/test/support/cpu-backend.js';
import { PruningCallback, TfjsCopyError, WrappedCallbackError } from '@tfjs-prune/callbacks';
import { isTfjsPruneError } from '@tfjs-prune/errors';

const config = { pruners: [{ schedule: { type: 'one-shot' as const, sparsity: 0.5 } }] };

/** What a LayersModel of another installed copy of tfjs-layers looks like from here. */
function modelOfAnotherCopy(version = '4.21.0') {
  return {
    name: 'sequential_9',
    layers: [],
    getClassName: () => 'Sequential',
    updatedConfig: () => ({ className: 'Sequential', config: {}, kerasVersion: `tfjs-layers ${version}`, backend: 'TensorFlow.js' }),
  } as unknown as tfl.LayersModel;
}

describe('two copies of TensorFlow.js', () => {
  /**
   * Installing our packages beside @tensorflow/tfjs@4.21.0 gives a second tfjs-layers, and fit
   * died with "TypeError: this.attach is not a function". The user needs both versions named
   * and a way out instead.
   */
  it('attach names both versions and how to dedupe', () => {
    const attach = () => new PruningCallback(config).attach(modelOfAnotherCopy());
    expect(attach).toThrow(TfjsCopyError);
    expect(attach).toThrow(
      `two copies of TensorFlow.js are loaded: tfjs-prune uses @tensorflow/tfjs-layers ${tfl.version_layers}, but the model comes from ` +
        '@tensorflow/tfjs-layers 4.21.0, and tfjs cannot train across copies.',
    );
    expect(attach).toThrow(/"overrides".*npm dedupe/);
    try {
      attach();
    } catch (error) {
      expect(isTfjsPruneError(error) && error.code).toBe('DUPLICATE_TFJS');
    }
  });

  it('a fit of the other copy, which calls our hooks on its own CustomCallback, gets the same error', async () => {
    const pruning = new PruningCallback(config);
    // tfjs-layers' CustomCallback copies the hooks of a callback it does not recognise and
    // calls them with itself as `this`; its model is the other copy's.
    const theirCallback = { model: modelOfAnotherCopy('4.21.0'), trainBegin: pruning.onTrainBegin, epochBegin: pruning.onEpochBegin };
    await expect(theirCallback.trainBegin()).rejects.toThrow(TfjsCopyError);
    await expect(theirCallback.epochBegin(0)).rejects.toThrow('but the model comes from @tensorflow/tfjs-layers 4.21.0');
  });

  it("through the other copy's CustomCallback (not ours), names ours and how to list theirs", async () => {
    const pruning = new PruningCallback(config);
    /** tfjs-layers' CustomCallback as another copy defines it: hooks copied, no model kept. */
    class TheirCustomCallback {
      private readonly trainBegin: () => Promise<void>;
      private readonly epochBegin: (epoch: number) => Promise<void>;
      constructor(args: { onTrainBegin: () => Promise<void>; onEpochBegin: (epoch: number) => Promise<void> }) {
        this.trainBegin = args.onTrainBegin;
        this.epochBegin = args.onEpochBegin;
      }
      onTrainBegin = () => this.trainBegin();
      onEpochBegin = (epoch: number) => this.epochBegin(epoch);
    }
    const wrapped = new TheirCustomCallback(pruning);
    await expect(wrapped.onTrainBegin()).rejects.toThrow(TfjsCopyError);
    await expect(wrapped.onEpochBegin(0)).rejects.toThrow(
      `two copies of TensorFlow.js are loaded: tfjs-prune uses @tensorflow/tfjs-layers ${tfl.version_layers}, but the model comes from ` +
        'another copy of @tensorflow/tfjs-layers (`npm ls @tensorflow/tfjs-layers` lists every installed copy and its version), ' +
        'and tfjs cannot train across copies.',
    );
  });

  it('our own CustomCallback around it (a plain object came first in callbacks) is not taken for another copy', async () => {
    const pruning = new PruningCallback(config);
    const wrapped = new tfl.CustomCallback({ onTrainBegin: pruning.onTrainBegin });
    await expect(wrapped.onTrainBegin()).rejects.toThrow(WrappedCallbackError);
  });

  it('something that is not a model at all keeps its own error', () => {
    expect(() => new PruningCallback(config).attach({ predict() {} } as unknown as tfl.LayersModel)).toThrow(
      'expected a tf.LayersModel (from @tensorflow/tfjs-layers), got an instance of Object.',
    );
  });
});
