import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyMlp } from '../../core/test/support/models.js';
import { CheckpointError, PruningBindError, PruningCallback, PruningEngineError } from '@tfjs-prune/callbacks';
import { TfjsPruneError } from '@tfjs-prune/errors';

function compiled() {
  const model = tinyMlp();
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

describe('callbacks errors share the library error shape', () => {
  it('PruningBindError points at the pruner in the config, all problems at once, with a code', () => {
    const model = compiled();
    const pruning = new PruningCallback(
      {
        pruners: [
          { name: 'convs', layers: { include: ['conv*'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
          { name: 'a', layers: { include: ['hidden*'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
          { name: 'b', layers: { include: ['hidden2'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
        ],
      },
      { source: 'prune.json' },
    );
    let error: unknown;
    try {
      pruning.attach(model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PruningBindError);
    expect(error).toBeInstanceOf(TfjsPruneError);
    const bind = error as PruningBindError;
    expect(bind.code).toBe('CONFIG_DOES_NOT_FIT_MODEL');
    expect(bind.issues.map((i) => i.pointer)).toEqual(['/pruners/0/layers', '/pruners/2/layers']);
    expect(bind.message).toBe(
      'prune.json: /pruners/0/layers: pruner "convs" matches no prunable weight (layers.include ["conv*"])\n' +
        'prune.json: /pruners/2/layers: pruner "b" claims hidden2/kernel, already claimed by pruner "a": a weight can belong to one pruner only ' +
        '(narrow "layers.include" or add "layers.exclude")\n' +
        "The model's prunable layers: hidden1 (Dense: kernel), hidden2 (Dense: kernel), logits (Dense: kernel)",
    );
    // Binding refused before claiming anything: another callback may take the model.
    const other = new PruningCallback({ pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] });
    expect(() => other.attach(model)).not.toThrow();
    other.strip();
    model.dispose();
  });

  it('a state of another config is a PruningEngineError with code state-mismatch, not a plain Error', () => {
    const model = compiled();
    const pruning = new PruningCallback({ pruners: [{ name: 'p', schedule: { type: 'one-shot', sparsity: 0.5 } }] });
    pruning.attach(model);
    expect(() => pruning.importState({ pruners: [{ name: 'other', appliedSparsity: 0 }], tensors: new Map() })).toThrow(
      expect.objectContaining({ name: 'PruningEngineError', code: 'STATE_MISMATCH' }),
    );
    pruning.strip();
    expect(() => pruning.exportState()).toThrow(PruningEngineError);
    expect(() => pruning.exportState()).toThrow(expect.objectContaining({ code: 'STRIPPED' }));
    model.dispose();
  });

  it('a learning-rate failure keeps its cause', () => {
    const optimizer = tf.train.sgd(0.1);
    delete (optimizer as unknown as { learningRate?: number }).learningRate;
    const model = tinyMlp();
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const pruning = new PruningCallback({ pruners: [{ name: 'p', schedule: { type: 'one-shot', sparsity: 0.5 }, regularization: { type: 'l1', strength: 1 } }] });
    let error: unknown;
    try {
      pruning.attach(model);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'NO_LEARNING_RATE' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    model.dispose();
  });

  it('a checkpoint directory in the browser-safe entry is refused with the way to the Node store', () => {
    const config = { pruners: [{ schedule: { type: 'one-shot' as const, sparsity: 0.5 } }] };
    const make = () => new PruningCallback(config, { checkpoint: { dir: 'checkpoints' } as never });
    expect(make).toThrow(CheckpointError);
    expect(make).toThrow(
      "checkpoint: a directory needs Node: pass checkpoint: { store: checkpointDirectory(dir) } with checkpointDirectory from '@tfjs-prune/callbacks/node'",
    );
    expect(make).toThrow(expect.objectContaining({ code: 'CHECKPOINT_ARGS' }));
  });
});
